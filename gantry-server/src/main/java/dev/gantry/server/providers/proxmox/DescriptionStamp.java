package dev.gantry.server.providers.proxmox;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gantryId kept in a guest's description as one line {@code gantry-id=<uuid>}, after the admin's
 * own text, which is left as it was. HyperProxmox put a banner and {@code id="…"} in front of the
 * text; a line of our own at the end is easier to read in the Proxmox GUI's notes and to replace.
 */
final class DescriptionStamp {
    private static final Pattern LINE = Pattern.compile("(?m)^gantry-id=([0-9a-fA-F-]{36})[ \\t]*\\r?$");

    private DescriptionStamp() {
    }

    static Optional<UUID> find(String description) {
        Matcher m = LINE.matcher(description);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code description} carrying {@code id}: an existing stamp line is replaced, else one is appended. */
    static String apply(String description, UUID id) {
        String line = "gantry-id=" + id;
        Matcher m = LINE.matcher(description);
        if (m.find()) {
            return description.substring(0, m.start()) + line + description.substring(m.end());
        }
        if (description.isEmpty()) {
            return line;
        }
        return description.endsWith("\n") ? description + line : description + "\n" + line;
    }
}
