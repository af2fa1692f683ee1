package dev.gantry.agent.events;

import java.util.List;
import java.util.Optional;

/**
 * Whether a file in a script directory may run. The rule is NetworkManager-dispatcher's: a script runs
 * with the agent's network privileges, so only root may have written it. Editor and package-manager
 * leftovers are not scripts at all and are passed over without a word, as run-parts does.
 */
final class ScriptCheck {
    private static final List<String> LEFTOVER_SUFFIXES = List.of("~", ".swp", ".swo", ".swx", ".bak", ".orig",
            ".rej", ".tmp", ".rpmsave", ".rpmorig", ".rpmnew", ".pacnew", ".pacsave");
    private static final List<String> LEFTOVER_INFIXES = List.of(".dpkg-", ".ucf-");

    private ScriptCheck() {
    }

    /** Leftovers: hidden files (editors' {@code .x.swp}, emacs' {@code .#x}), backups, package-manager copies. */
    static boolean isLeftover(String name) {
        return name.startsWith(".") || name.startsWith("#")
                || LEFTOVER_SUFFIXES.stream().anyMatch(name::endsWith)
                || LEFTOVER_INFIXES.stream().anyMatch(name::contains);
    }

    /**
     * Why a non-leftover file must not run, or empty when it may.
     *
     * @param mode  the permission bits (st_mode & 07777)
     * @param owner the uid that must own it: root's 0 on a host
     */
    static Optional<String> refusal(boolean regular, int uid, int mode, int owner) {
        if (!regular) {
            return Optional.of("not a regular file");
        }
        if (uid != owner) {
            return Optional.of("owned by uid " + uid + ", not " + (owner == 0 ? "root" : "uid " + owner));
        }
        if ((mode & 0022) != 0) {
            String who = (mode & 0022) == 0022 ? "group and others" : (mode & 0020) != 0 ? "group" : "others";
            return Optional.of("writable by " + who
                    + " (mode " + String.format("%04o", mode) + ")");
        }
        if ((mode & 0100) == 0) {
            return Optional.of("not executable by its owner (mode " + String.format("%04o", mode) + ")");
        }
        return Optional.empty();
    }
}
