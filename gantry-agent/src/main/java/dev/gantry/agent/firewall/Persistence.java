package dev.gantry.agent.firewall;

import dev.gantry.agent.backend.nft.Nft;
import dev.gantry.agent.firewall.FirewallApi.Restored;
import dev.gantry.agent.firewall.FirewallApi.Saved;
import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The ruleset file the distribution's {@code nftables.service} loads at boot ({@code /etc/nftables.conf}
 * on Debian, {@code nft -f} on it). Saving writes the live ruleset there atomically, after nft has
 * checked that the text loads, and keeps the file it replaces as {@code <file>.bak}: one backup, the
 * previous save, so that a bad save can be undone and nothing grows without bound. The file starts
 * with {@code flush ruleset}, as Debian's own does, so loading it replaces the ruleset in one
 * transaction instead of adding to it.
 */
final class Persistence {
    static final Path DEBIAN = Path.of("/etc/nftables.conf");
    static final String HEADER = "#!/usr/sbin/nft -f\n# Saved by gantryd (POST /api/v1/firewall/save).\n\nflush ruleset\n\n";
    /** Debian ships the file executable (it starts with #!); a new one gets the same. */
    private static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Nft nft;
    private final Path file;
    private final int owner;

    /** {@code owner} is the uid and gid the files get (0: root's, as under /etc), or -1 to keep the writer's. */
    Persistence(Nft nft, Path file, int owner) {
        this.nft = nft;
        this.file = file;
        this.owner = owner;
    }

    Path file() {
        return file;
    }

    Path backup() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /** Writes the live ruleset; with {@code check} only checks that it would load and writes nothing. */
    Saved save(boolean check) {
        String content = HEADER + nft.rulesetText();
        nft.applyScript(content, true);
        if (check) {
            return null;
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            Set<PosixFilePermission> mode = DEFAULT_MODE;
            String kept = null;
            if (Files.exists(file)) {
                mode = Files.getPosixFilePermissions(file);
                AtomicFiles.write(backup(), Files.readAllBytes(file), mode, owner, owner);
                kept = backup().toString();
            }
            AtomicFiles.write(file, bytes, mode, owner, owner);
            return new Saved(file.toString(), kept, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Loads the saved file (or its backup) as one transaction; with {@code check} only checks it. */
    Restored restore(boolean fromBackup, boolean check) {
        Path source = fromBackup ? backup() : file;
        if (!Files.isRegularFile(source)) {
            throw ApiException.notFound("no saved ruleset at " + source);
        }
        nft.loadFile(source, check);
        return check ? null : new Restored(source.toString());
    }
}
