package dev.gantry.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.agent.backend.nft.Nft;
import dev.gantry.agent.backend.nft.NftException;
import dev.gantry.agent.firewall.FirewallApi.Restored;
import dev.gantry.agent.firewall.FirewallApi.Saved;
import dev.gantry.common.http.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving and restoring with a stand-in nft (a script that prints a fixed ruleset and records its
 * arguments), so that the file handling is tested without touching this host's firewall. The real
 * nft and /etc/nftables.conf are tested in a box (FirewallIT).
 */
class PersistenceTest {
    private static final String RULESET = "table inet filter {\n\tchain input {\n\t}\n}\n";
    @TempDir
    Path dir;
    private Path file;
    private Path calls;
    private Persistence persistence;

    @BeforeEach
    void fakeNft() throws Exception {
        file = dir.resolve("nftables.conf");
        calls = dir.resolve("calls");
        Path ruleset = dir.resolve("ruleset");
        Files.writeString(ruleset, RULESET);
        Path nft = dir.resolve("nft");
        Files.writeString(nft, """
                #!/bin/sh
                echo "$*" >> %s
                case "$*" in
                  "list ruleset") cat %s ;;
                  "-c -f -") grep -q 'refuse me' && { echo 'Error: refused' >&2; exit 1; }; exit 0 ;;
                  *) exit 0 ;;
                esac
                """.formatted(calls, ruleset));
        Files.setPosixFilePermissions(nft, PosixFilePermissions.fromString("rwx------"));
        persistence = new Persistence(new Nft(nft.toString()), file, -1);
    }

    @Test
    void saveWritesAFileThatFlushesThenLoadsTheRulesetAndHasNoBackupTheFirstTime() throws Exception {
        Saved saved = persistence.save(false);

        assertThat(saved).isEqualTo(new Saved(file.toString(), null, Files.size(file)));
        assertThat(Files.readString(file)).isEqualTo("#!/usr/sbin/nft -f\n# Saved by gantryd (POST /api/v1/firewall/save)."
                + "\n\nflush ruleset\n\n" + RULESET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-xr-x");
        assertThat(Files.readAllLines(calls)).containsExactly("list ruleset", "-c -f -");
    }

    @Test
    void saveKeepsTheReplacedFileAsBackupWithItsMode() throws Exception {
        Files.writeString(file, "old ruleset\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Saved saved = persistence.save(false);

        assertThat(saved.backup()).isEqualTo(dir.resolve("nftables.conf.bak").toString());
        assertThat(Files.readString(dir.resolve("nftables.conf.bak"))).isEqualTo("old ruleset\n");
        assertThat(Files.readString(file)).endsWith(RULESET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aDryRunSaveChecksAndWritesNothing() throws Exception {
        assertThat(persistence.save(true)).isNull();

        assertThat(file).doesNotExist();
        assertThat(Files.readAllLines(calls)).containsExactly("list ruleset", "-c -f -");
    }

    @Test
    void aRulesetNftWouldNotLoadIsNotWritten() throws Exception {
        Files.writeString(dir.resolve("ruleset"), "refuse me\n");
        Files.writeString(file, "old ruleset\n");

        assertThatThrownBy(() -> persistence.save(false)).isInstanceOf(NftException.class).hasMessage("Error: refused");
        assertThat(Files.readString(file)).isEqualTo("old ruleset\n");
        assertThat(dir.resolve("nftables.conf.bak")).doesNotExist();
    }

    @Test
    void restoreLoadsTheSavedFileOrItsBackupWithNftF() throws Exception {
        Files.writeString(file, "saved\n");
        Files.writeString(dir.resolve("nftables.conf.bak"), "backup\n");

        assertThat(persistence.restore(false, false)).isEqualTo(new Restored(file.toString()));
        assertThat(persistence.restore(true, true)).isNull();

        assertThat(Files.readAllLines(calls)).containsExactly("-f " + file, "-c -f " + dir.resolve("nftables.conf.bak"));
    }

    @Test
    void restoringAMissingFileIs404() {
        assertThatThrownBy(() -> persistence.restore(true, false)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(404))
                .hasMessage("no saved ruleset at " + dir.resolve("nftables.conf.bak"));
    }
}
