package dev.gantry.agent.backend.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountFilesTest {
    @TempDir
    Path etc;

    @Test
    void passwdAndGroupSkipCommentsNisLinesAndDamagedRecords() throws Exception {
        Files.writeString(etc.resolve("passwd"), """
                # a comment
                root:x:0:0:root:/root:/bin/bash
                +nisuser::::::
                broken:x:notanumber:0::/:/bin/sh
                short:x:1
                anna:x:1001:1001:Anna,,,:/home/anna:/bin/bash
                """);
        Files.writeString(etc.resolve("group"), "root:x:0:\nstaff:x:50:anna,bob\n-nisgroup:::\nbad:x:y:\n");
        AccountFiles files = new AccountFiles(etc);

        assertThat(files.users()).containsExactly(
                new AccountFiles.PasswdEntry("root", 0, 0, "root", "/root", "/bin/bash"),
                new AccountFiles.PasswdEntry("anna", 1001, 1001, "Anna,,,", "/home/anna", "/bin/bash"));
        assertThat(files.groups()).containsExactly(new AccountFiles.GroupEntry("root", 0, List.of()),
                new AccountFiles.GroupEntry("staff", 50, List.of("anna", "bob")));
        assertThat(files.group("staff")).isPresent();
        assertThat(files.user("nobody")).isEmpty();
    }

    @Test
    void passwordStatesFollowPasswdDashS() throws Exception {
        Files.writeString(etc.resolve("shadow"), "a:$6$s$h:1::::::\nb:!$6$s$h:1::::::\nc:*:1::::::\nd::1::::::\ne:!:1::::::\n");
        AccountFiles files = new AccountFiles(etc);

        assertThat(files.passwordStates()).containsEntry("a", AccountFiles.PasswordState.USABLE)
                .containsEntry("b", AccountFiles.PasswordState.LOCKED).containsEntry("c", AccountFiles.PasswordState.LOCKED)
                .containsEntry("d", AccountFiles.PasswordState.NONE).containsEntry("e", AccountFiles.PasswordState.LOCKED);
        assertThat(files.shadowField("b")).contains("!$6$s$h");
    }

    @Test
    void anUnreadableOrMissingShadowMeansNoStatesNotAnError() {
        assertThat(new AccountFiles(etc).passwordStates()).isEmpty();
    }

    @Test
    void loginDefsRangesDefaultLikeTheShadowTools() throws Exception {
        AccountFiles files = new AccountFiles(etc);
        assertThat(files.ranges()).isEqualTo(AccountFiles.Ranges.DEFAULT);

        Files.writeString(etc.resolve("login.defs"), "#UID_MIN 5\nUID_MIN\t\t\t 500\nGID_MAX 70000\nENCRYPT_METHOD SHA512\n");
        AccountFiles.Ranges ranges = files.ranges();

        assertThat(ranges).isEqualTo(new AccountFiles.Ranges(500, 60000, 1000, 70000));
        assertThat(ranges.systemUid(499)).isTrue();
        assertThat(ranges.systemUid(500)).isFalse();
        assertThat(ranges.systemUid(65534)).isTrue();
        assertThat(ranges.systemGid(999)).isTrue();
    }
}
