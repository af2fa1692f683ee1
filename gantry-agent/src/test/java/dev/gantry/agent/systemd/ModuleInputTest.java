package dev.gantry.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The module's checks of names, signals, drop-ins and its reading of journal entries. */
class ModuleInputTest {
    @Test
    void signalsByNameNumberAndRealTime() {
        assertThat(Signals.parse("SIGTERM")).contains(15);
        assertThat(Signals.parse("kill")).contains(9);
        assertThat(Signals.parse("1")).contains(1);
        assertThat(Signals.parse("RTMIN+2")).contains(36);
        assertThat(Signals.parse("SIGFOO")).isEmpty();
        assertThat(Signals.parse("65")).isEmpty();
        assertThat(Signals.parse("0")).isEmpty();
    }

    @Test
    void dropInNamesLoseConfAndMayNotTraverse() {
        assertThat(SystemdModule.dropInName("50-limits.conf")).isEqualTo("50-limits");
        assertThat(SystemdModule.dropInName("override")).isEqualTo("override");
        for (String bad : new String[] {"../x", ".hidden", "a/b", "a..b", "", "a b"}) {
            assertThatThrownBy(() -> SystemdModule.dropInName(bad)).as(bad).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(400);
        }
    }

    @Test
    void dropInTextMustBeSectionsAndAssignments() {
        Violations ok = new Violations();
        UnitFiles.checkDropIn("# limits\n[Service]\nCPUWeight=50\nExecStart=\nExecStart=/bin/x \\\n  --flag\n", ok);
        assertThat(ok.isEmpty()).isTrue();

        Violations noSection = new Violations();
        UnitFiles.checkDropIn("CPUWeight=50\n", noSection);
        assertThat(noSection.isEmpty()).isFalse();

        Violations garbage = new Violations();
        UnitFiles.checkDropIn("[Service]\nrm -rf /\n", garbage);
        assertThat(garbage.isEmpty()).isFalse();
    }

    @Test
    void journalEntriesGiveTimeMessageAndSender() {
        Views.LogEntry e = Views.LogEntry.parse("{\"__REALTIME_TIMESTAMP\":\"1780228800123456\",\"MESSAGE\":\"hello\","
                + "\"PRIORITY\":\"6\",\"_PID\":\"42\",\"SYSLOG_IDENTIFIER\":\"echo\",\"__CURSOR\":\"s=1\"}");
        assertThat(e).isEqualTo(new Views.LogEntry(Instant.parse("2026-05-31T12:00:00.123456Z"), "hello", 6, 42L,
                "echo", "s=1"));
    }

    @Test
    void aMessageThatIsNoUtf8ComesAsBytesAndIsDecoded() {
        Views.LogEntry e = Views.LogEntry.parse("{\"MESSAGE\":[104,105,255]}");
        assertThat(e.message()).isEqualTo("hi\uFFFD");
        assertThat(e.time()).isNull();
    }
}
