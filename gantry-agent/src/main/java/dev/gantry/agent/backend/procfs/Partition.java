package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A line of {@code /proc/partitions}: block devices and their partitions, size in bytes. */
public record Partition(int major, int minor, long sizeBytes, String name) {

    public static List<Partition> read(Path root) {
        return parse(ProcText.read(root.resolve("proc/partitions")));
    }

    public static List<Partition> parse(byte[] text) {
        ProcText t = new ProcText(text);
        List<Partition> parts = new ArrayList<>();
        while (!t.atEnd()) {
            long major = t.number(-1);
            long minor = t.number(-1);
            long blocks = t.number(-1);
            String name = t.word();
            t.nextLine();
            if (major >= 0 && minor >= 0 && blocks >= 0 && !name.isEmpty()) {
                parts.add(new Partition((int) major, (int) minor, blocks * 1024, name));
            }
        }
        return parts;
    }
}
