package dev.gantry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.ExecResult;
import dev.gantry.testbed.SystemdBox;
import dev.gantry.testbed.WithAgentBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bad /etc/gantry/gantryd.toml stops the unit with exit code 78 and a journal line naming the problem. */
@WithAgentBox
class AgentConfigIT {
    private static final String GOOD = "[System]\nLogLevel = \"info\"\n";

    @AfterEach
    void restore(AgentBox agent) {
        agent.configure(GOOD);
    }

    /** Writes {@code toml}, restarts the unit, and returns the unit's journal once it has failed. */
    private static String failedStart(AgentBox agent, String toml) {
        SystemdBox box = agent.box();
        box.writeFile(AgentBox.CONFIG, toml);
        box.exec("systemctl", "reset-failed", "gantryd.service");
        box.exec("systemctl", "restart", "gantryd.service");
        for (int i = 0; i < 100 && !box.exec("systemctl", "is-failed", "gantryd.service").out().equals("failed"); i++) {
            box.exec("sleep", "0.1");
        }
        assertThat(box.exec("systemctl", "is-active", "gantryd.service").out()).isIn("failed", "activating");
        assertThat(box.exec("systemctl", "show", "-p", "ExecMainStatus", "--value", "gantryd.service").out())
                .isEqualTo("78");
        return box.exec("journalctl", "-u", "gantryd.service", "--no-pager", "-n", "30").out();
    }

    @Test
    void anUnknownKeyStopsTheUnitNamingKeyAndLine(AgentBox agent) {
        assertThat(failedStart(agent, "[System]\nLogLevel = \"info\"\nUseAuth = false\n"))
                .contains("/etc/gantry/gantryd.toml:3: unknown key UseAuth in [System]");
    }

    @Test
    void aBadListenStopsTheUnit(AgentBox agent) {
        assertThat(failedStart(agent, "[Network]\nListen = \"5208\"\n"))
                .contains("[Network] Listen = \"5208\": expected an IP address and port");
    }

    @Test
    void aMissingCertificateStopsTheUnit(AgentBox agent) {
        assertThat(failedStart(agent, "[Network]\nListen = \"127.0.0.1:5208\"\nTLSCertificate = \"/etc/gantry/tls/none.crt\"\n"
                + "TLSKey = \"/etc/gantry/tls/none.key\"\n"))
                .contains("TLSCertificate = \"/etc/gantry/tls/none.crt\": no such file");
    }

    @Test
    void checkConfigReportsTheSameWithoutStartingAnything(AgentBox agent) {
        agent.box().writeFile("/tmp/bad.toml", "[Sytem]\n");
        ExecResult r = agent.box().exec("gantryd", "--check-config", "--config", "/tmp/bad.toml");
        assertThat(r.exitCode()).isEqualTo(78);
        assertThat(r.stderr()).contains("/tmp/bad.toml:1: unknown section [Sytem]");
    }
}
