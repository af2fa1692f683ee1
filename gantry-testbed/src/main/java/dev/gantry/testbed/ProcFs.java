package dev.gantry.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the host's /proc says about a process; every answer is empty once the process is gone. */
final class ProcFs {

    private ProcFs() {
    }

    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String joined = new String(raw, StandardCharsets.UTF_8);
            return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The process's PID in its innermost PID namespace (1 for a box's init). */
    static Optional<Long> innermostPid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
                    return Optional.of(Long.parseLong(ids[ids.length - 1]));
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process's start time in epoch milliseconds: with the PID, it names one process for good. */
    static Optional<Long> startMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli);
    }

    /** The uid the current process runs as (the owner of /proc/self). */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new BoxException("cannot read /proc/self: " + e.getMessage(), e);
        }
    }
}
