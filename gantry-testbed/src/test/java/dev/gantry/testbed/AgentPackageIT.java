package dev.gantry.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The installed package runs gantryd as the unit it describes. */
@WithAgentBox
class AgentPackageIT {

    /**
     * CAP_CHOWN (0), CAP_DAC_OVERRIDE (1), CAP_FOWNER (3), CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21), as
     * /proc/PID/status prints capability sets.
     */
    private static final String UNIT_CAPABILITIES =
            String.format("%016x", (1L << 0) | (1L << 1) | (1L << 3) | (1L << 12) | (1L << 21));

    @Test
    void gantrydIsActive(AgentBox agent) {
        assertThat(agent.box().exec("systemctl", "is-active", "gantryd.service").out()).isEqualTo("active");
        assertThat(agent.box().exec("systemctl", "is-enabled", "gantryd.service").out()).isEqualTo("enabled");
    }

    @Test
    void agentRunsAsUserGantryWithOnlyTheUnitsCapabilities(AgentBox agent) {
        SystemdBox box = agent.box();
        String pid = box.exec("systemctl", "show", "-p", "MainPID", "--value", "gantryd.service").out();
        String status = box.readFile("/proc/" + pid + "/status");
        String gantryUid = box.exec("id", "-u", "gantry").orThrow().out();

        assertThat(field(status, "Uid")).isEqualTo(String.join("\t", gantryUid, gantryUid, gantryUid, gantryUid));
        assertThat(field(status, "CapEff")).isEqualTo(UNIT_CAPABILITIES);
        assertThat(field(status, "CapAmb")).isEqualTo(UNIT_CAPABILITIES);
        assertThat(field(status, "CapBnd")).isEqualTo(UNIT_CAPABILITIES);
        assertThat(box.exec("ps", "-o", "user=", "-p", pid).out()).isEqualTo("gantry");
        assertThat(field(status, "Groups").split(" "))
                .contains(box.exec("getent", "group", "systemd-journal").orThrow().out().split(":")[2]);
    }

    @Test
    void polkitLetsGantryAndNoOtherUserDriveSystemdServices(AgentBox agent) {
        SystemdBox box = agent.box();
        box.exec("useradd", "--system", "gt-nobody").orThrow();

        ExecResult asGantry = box.exec("runuser", "-u", "gantry", "--", "busctl", "call", "org.freedesktop.systemd1",
                "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "StartUnit", "ss",
                "systemd-hostnamed.service", "replace");
        ExecResult asOther = box.exec("runuser", "-u", "gt-nobody", "--", "busctl", "call", "org.freedesktop.systemd1",
                "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "StopUnit", "ss",
                "systemd-hostnamed.service", "replace");

        assertThat(asGantry.exitCode()).as(asGantry.stderr()).isZero();
        assertThat(asOther.exitCode()).isNotZero();
        assertThat(asOther.stderr()).contains("Interactive authentication required");
    }

    @Test
    void withoutThePolkitRuleTheAgentAnswersHostRefusedNamingIt(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        String rule = "/usr/share/polkit-1/rules.d/50-gantry.rules";
        box.exec("mv", rule, "/root/50-gantry.rules").orThrow();
        box.exec("systemctl", "restart", "polkit.service").orThrow();
        try {
            var answer = agent.http().post("/api/v1/systemd/units/systemd-hostnamed.service/start", "");

            assertThat(answer.status()).as(answer.body()).isEqualTo(500);
            assertThat(answer.body()).contains("host-refused").contains("50-gantry.rules")
                    .contains("InteractiveAuthorizationRequired");
        } finally {
            box.exec("mv", "/root/50-gantry.rules", rule).orThrow();
            box.exec("systemctl", "restart", "polkit.service").orThrow();
        }
    }

    @Test
    void launchersAreInstalledAndUseTheBundledRuntime(AgentBox agent) {
        SystemdBox box = agent.box();
        for (String launcher : new String[] {"/usr/bin/gantryd", "/usr/bin/gantry"}) {
            assertThat(box.exec("test", "-x", launcher).exitCode()).as(launcher).isZero();
            assertThat(box.readFile(launcher)).contains("/usr/lib/gantry/runtime/bin/java");
        }
        assertThat(box.exec("/usr/lib/gantry/runtime/bin/java", "-version").stderr()).contains("25");
    }

    @Test
    void agentAnswersGetAgentOverTheUnixSocketWithThePackagedVersion(AgentBox agent) throws Exception {
        AgentHttp.Response response = agent.http().get("/api/v1/agent");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.has("version")).as(response.body()).isTrue();
        // failsafe passes the project version; run from an IDE, only the key is checked.
        String packaged = System.getProperty("gantry.version");
        if (packaged != null) {
            assertThat(body.get("version").asText()).isEqualTo(packaged);
        }
    }

    @Test
    void socketIsReachableFromTheHostThroughTheBoxRoot(AgentBox agent) {
        assertThat(agent.socket()).isEqualTo(agent.box().hostPath(AgentBox.SOCKET));
        assertThat(agent.socket()).exists();
    }

    @Test
    void agentAnswersAgainAfterARestart(AgentBox agent) {
        String before = agent.box().exec("systemctl", "show", "-p", "MainPID", "--value", "gantryd.service").out();

        agent.restartAgent();

        String after = agent.box().exec("systemctl", "show", "-p", "MainPID", "--value", "gantryd.service").out();
        assertThat(after).isNotEqualTo(before);
        assertThat(agent.http().get("/api/v1/agent").status()).isEqualTo(200);
    }

    @Test
    void anUnusableAotCacheReplacesXshareAndDoesNotStopGantryd(AgentBox agent) {
        SystemdBox box = agent.box();
        box.writeFile("/var/cache/gantry/gantryd.aot", "not an AOT cache");
        try {
            agent.restartAgent();

            String pid = box.exec("systemctl", "show", "-p", "MainPID", "--value", "gantryd.service").out();
            String commandLine = box.readFile("/proc/" + pid + "/cmdline").replace('\0', ' ');
            assertThat(commandLine).contains("-XX:AOTCache=/var/cache/gantry/gantryd.aot").doesNotContain("-Xshare");
            assertThat(agent.http().get("/api/v1/agent").status()).isEqualTo(200);
        } finally {
            box.exec("gantryd", "--aot-train").orThrow();
            agent.restartAgent();
        }
    }

    @Test
    void theInstallMadeAnAotCacheThatTheRunningAgentUses(AgentBox agent) {
        SystemdBox box = agent.box();
        assertThat(box.exec("stat", "-c", "%a %U", "/var/cache/gantry/gantryd.aot").out()).isEqualTo("644 root");
        agent.restartAgent();
        String pid = box.exec("systemctl", "show", "-p", "MainPID", "--value", "gantryd.service").out();
        assertThat(box.readFile("/proc/" + pid + "/cmdline").replace('\0', ' '))
                .contains("-XX:AOTCache=/var/cache/gantry/gantryd.aot");
        // The JVM says so in the journal when it cannot map or validate a cache.
        String journal = box.exec("journalctl", "-u", "gantryd.service", "--no-pager", "-o", "cat",
                "_PID=" + pid).out();
        assertThat(journal).doesNotContainIgnoringCase("AOT").doesNotContainIgnoringCase("error");
    }

    @Test
    void theInstallMadeAnAotCacheForTheCliWhichItUses(AgentBox agent) {
        SystemdBox box = agent.box();
        assertThat(box.exec("stat", "-c", "%a %U", "/var/cache/gantry/gantry.aot").out()).isEqualTo("644 root");
        // sh -x shows the java command line the launcher runs; the JVM warns on stderr about a cache it refuses.
        ExecResult run = box.exec("sh", "-x", "/usr/bin/gantry", "agent", "info");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).contains("-XX:AOTCache=/var/cache/gantry/gantry.aot");
        assertThat(run.stderr().lines().filter(l -> !l.startsWith("+"))).noneMatch(l -> l.toLowerCase().contains("aot"));
        assertThat(run.out()).contains("Version:");
    }

    private static String field(String procStatus, String name) {
        return procStatus.lines().filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElseThrow();
    }
}
