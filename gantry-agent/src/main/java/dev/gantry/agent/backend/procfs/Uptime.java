package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;

/** {@code /proc/uptime}: seconds since boot and the sum of all CPUs' idle seconds. */
public record Uptime(double seconds, double idleSeconds) {

    public static Uptime read(Path root) {
        return parse(ProcText.read(root.resolve("proc/uptime")));
    }

    /** Malformed fields are NaN. */
    public static Uptime parse(byte[] text) {
        ProcText t = new ProcText(text);
        double up = t.decimal();
        double idle = t.decimal();
        return new Uptime(up, idle);
    }
}
