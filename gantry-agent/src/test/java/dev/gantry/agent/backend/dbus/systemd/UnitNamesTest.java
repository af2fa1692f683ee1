package dev.gantry.agent.backend.dbus.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitNamesTest {
    @Test
    void aNameWithoutAUnitTypeGetsServiceAppended() {
        assertThat(UnitNames.normalize("ssh")).contains("ssh.service");
        assertThat(UnitNames.normalize("foo.bar")).contains("foo.bar.service");
        assertThat(UnitNames.normalize("getty@tty1")).contains("getty@tty1.service");
    }

    @Test
    void namesWithAUnitTypeStayAsTheyAre() {
        assertThat(UnitNames.normalize("ssh.socket")).contains("ssh.socket");
        assertThat(UnitNames.normalize("dev-disk-by\\x2duuid-1.device")).contains("dev-disk-by\\x2duuid-1.device");
        assertThat(UnitNames.normalize("system-getty.slice")).contains("system-getty.slice");
        assertThat(UnitNames.normalize("getty@.service")).contains("getty@.service");
    }

    @Test
    void traversalNulSlashAndOtherCharactersAreRejected() {
        for (String bad : new String[] {"../../etc/passwd", "a/b.service", "..", "x..service", "bad\0name",
                "a b.service", "a;b", "ünit.service", ".service", "@x.service", "a@b@c.service", "", "a\nb"}) {
            assertThat(UnitNames.normalize(bad)).as(bad).isEqualTo(Optional.empty());
        }
        assertThat(UnitNames.normalize("a".repeat(248))).isEmpty();
        assertThat(UnitNames.normalize("a".repeat(247))).contains("a".repeat(247) + ".service");
    }

    @Test
    void objectPathsEscapeLikeSdBus() {
        assertThat(UnitNames.objectPath("ssh.service")).isEqualTo("/org/freedesktop/systemd1/unit/ssh_2eservice");
        assertThat(UnitNames.objectPath("getty@tty1.service"))
                .isEqualTo("/org/freedesktop/systemd1/unit/getty_40tty1_2eservice");
        assertThat(UnitNames.objectPath("1a-b.service"))
                .isEqualTo("/org/freedesktop/systemd1/unit/_31a_2db_2eservice");
    }

    @Test
    void theTypeIsTheKnownSuffix() {
        assertThat(UnitNames.type("a.timer")).contains("timer");
        assertThat(UnitNames.type("a.conf")).isEmpty();
    }
}
