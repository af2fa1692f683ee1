package dev.gantry.agent.network;

import dev.gantry.agent.backend.exec.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Applies the {@code .link} files to a link that exists, as udev does when a link appears: udev
 * runs its {@code net_setup_link} builtin only on the link's add event, so a changed file does
 * nothing until then. Where udevd runs, the agent replays the add event ({@code udevadm trigger
 * --action=add --settle}), which also updates udev's database, where networkd reads the link's
 * LinkFile. Where it does not (containers: systemd-udevd.service needs a writable /sys), the builtin
 * is run directly ({@code udevadm test-builtin net_setup_link}), which applies the file just the same
 * but records nothing. Both need only CAP_NET_ADMIN (and CAP_DAC_OVERRIDE to write the uevent file).
 */
interface LinkSetup {
    /** The .link file udev applied to the link (empty when none matched); 503 when udevadm is missing. */
    Optional<String> apply(String ifname);

    static LinkSetup udevadm() {
        return new Udevadm(Path.of("/run/udev/control"));
    }

    /** {@link LinkSetup} with the {@code udevadm} command. */
    final class Udevadm implements LinkSetup {
        private static final Duration TIMEOUT = Duration.ofSeconds(30);
        private static final String PROPERTY = "ID_NET_LINK_FILE=";
        private final Path udevdControl;

        Udevadm(Path udevdControl) {
            this.udevdControl = udevdControl;
        }

        @Override
        public Optional<String> apply(String ifname) {
            String sys = "/sys/class/net/" + ifname;
            Command.Result r;
            if (Files.exists(udevdControl)) {
                run(List.of("udevadm", "trigger", "--action=add", "--settle", sys));
                r = run(List.of("udevadm", "info", "--query=property", sys));
            } else {
                r = run(List.of("udevadm", "test-builtin", "net_setup_link", sys));
            }
            return linkFile(r.stdout());
        }

        private static Command.Result run(List<String> argv) {
            Command.Result r = Command.run(argv, TIMEOUT);
            if (!r.ok()) {
                throw new IllegalStateException(String.join(" ", argv) + ": " + r.reason());
            }
            return r;
        }

        /** ID_NET_LINK_FILE from udev's KEY=value lines. */
        static Optional<String> linkFile(String properties) {
            return properties.lines().filter(l -> l.startsWith(PROPERTY))
                    .map(l -> l.substring(PROPERTY.length())).filter(v -> !v.isEmpty()).findFirst();
        }
    }
}
