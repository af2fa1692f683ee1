package dev.gantry.agent.system;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/system} answers: the host at a glance. {@code uptime} is in whole seconds;
 * absent os-release fields are left out.
 */
public record SystemInfo(Os os, Kernel kernel, String hostname, long uptime, Instant bootedAt, String bootId,
                         String machineId, String virtualization, Clock time, Systemd systemd) {

    /** From {@code /etc/os-release}. */
    public record Os(String id, List<String> idLike, String name, String prettyName, String version,
                     String versionId, String versionCodename, String homeUrl) {
        public Os {
            idLike = List.copyOf(idLike);
        }
    }

    /** The {@code uname} fields: {@code -s}, {@code -r}, {@code -v}, {@code -m}. */
    public record Kernel(String name, String release, String version, String machine) {
    }

    /** Now, in UTC and in the host's zone ({@code localTime} with its offset). */
    public record Clock(Instant now, String timezone, String localTime) {
    }

    /** PID 1: its version and the system state ({@code running}, {@code degraded}, {@code starting}, …). */
    public record Systemd(String version, String state) {
    }
}
