package dev.gantry.it.systemd;

import static dev.gantry.it.systemd.SystemdBoxUnits.API;
import static dev.gantry.it.systemd.SystemdBoxUnits.eventually;
import static dev.gantry.it.systemd.SystemdBoxUnits.isActive;
import static dev.gantry.it.systemd.SystemdBoxUnits.isEnabled;
import static dev.gantry.it.systemd.SystemdBoxUnits.json;
import static dev.gantry.it.systemd.SystemdBoxUnits.patch;
import static dev.gantry.it.systemd.SystemdBoxUnits.put;
import static dev.gantry.it.systemd.SystemdBoxUnits.show;
import static dev.gantry.it.systemd.SystemdBoxUnits.sleeper;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The units of /api/v1/systemd against the packaged agent in a booted box, each effect read back with systemctl. */
@WithAgentBox
class SystemdUnitsIT {

    private static String base(String unit) {
        return unit.substring(0, unit.length() - ".service".length());
    }

    @Test
    void statusOfARunningUnitShowsItsStatesMainPidAndCgroupUsage(AgentBox agent) {
        String unit = sleeper(agent, "status");
        agent.box().exec("systemctl", "start", unit).orThrow();

        // Without ".service": the agent adds it.
        AgentHttp.Response response = agent.http().get(API + "/units/" + base(unit));

        assertThat(response.status()).isEqualTo(200);
        JsonNode status = json(response);
        assertThat(status.get("name").asText()).isEqualTo(unit);
        assertThat(status.get("description").asText()).isEqualTo("Gantry test status");
        assertThat(status.get("loadState").asText()).isEqualTo("loaded");
        assertThat(status.get("activeState").asText()).isEqualTo("active");
        assertThat(status.get("subState").asText()).isEqualTo("running");
        assertThat(status.get("unitFileState").asText()).isEqualTo("disabled");
        assertThat(status.get("mainPid").asLong()).isEqualTo(Long.parseLong(show(agent, unit, "MainPID")));
        assertThat(status.get("controlGroup").asText()).isEqualTo(show(agent, unit, "ControlGroup"));
        assertThat(status.get("activeEnterTimestamp").isTextual()).isTrue();
        // systemd's own view of the cgroup: "[not set]" where a controller is off (as in a box on a host that
        // delegates none); the agent must then report nothing rather than a made-up number.
        String tasks = show(agent, unit, "TasksCurrent");
        String memory = show(agent, unit, "MemoryCurrent");
        String diagnosis = response.body() + "\nTasksCurrent=" + tasks + " MemoryCurrent=" + memory;
        JsonNode resources = status.path("resources");
        if (tasks.equals("[not set]")) {
            assertThat(resources.has("tasks")).as(diagnosis).isFalse();
        } else {
            assertThat(resources.path("tasks").asText()).as(diagnosis).isEqualTo(tasks);
        }
        if (memory.equals("[not set]")) {
            assertThat(resources.has("memoryBytes")).as(diagnosis).isFalse();
        } else {
            assertThat(resources.path("memoryBytes").asLong()).as(diagnosis).isPositive();
        }
        // The CPU time comes from cpu.stat (v2, in every cgroup) or cpuacct.usage (v1): present exactly when
        // the unit's cgroup exists there. (On a cgroup v1 host whose controllers are not delegated to the
        // box, as on the machines these tests were written on, it does not, and systemd shows [not set].)
        String root = agent.box().exec("systemctl", "show", "-p", "ControlGroup", "--value").out();
        String cgroup = root + show(agent, unit, "ControlGroup");
        boolean cpuReadable = agent.box().exec("test", "-f", "/sys/fs/cgroup" + cgroup + "/cpu.stat").succeeded()
                || agent.box().exec("test", "-f", "/sys/fs/cgroup/cpuacct" + cgroup + "/cpuacct.usage").succeeded();
        assertThat(resources.path("cpuNanos").isNumber()).as(diagnosis + " " + cgroup).isEqualTo(cpuReadable);
    }

    @Test
    void theCachedStatusFollowsChangesMadeBehindTheAgentsBack(AgentBox agent) {
        String unit = sleeper(agent, "cache");
        agent.box().exec("systemctl", "start", unit).orThrow();
        assertThat(json(agent.http().get(API + "/units/" + unit)).get("activeState").asText()).isEqualTo("active");

        agent.box().exec("systemctl", "stop", unit).orThrow();

        assertThat(eventually(() -> json(agent.http().get(API + "/units/" + unit)).get("activeState").asText(),
                "inactive")).isEqualTo("inactive");
        JsonNode stopped = json(agent.http().get(API + "/units/" + unit));
        assertThat(stopped.has("mainPid")).as("no main PID").isFalse();
        assertThat(stopped.path("resources").has("tasks")).as("no tasks").isFalse();
    }

    @Test
    void startStopAndRestartWithWaitReportTheJobResultAndTakeEffect(AgentBox agent) {
        String unit = sleeper(agent, "jobs");

        AgentHttp.Response start = agent.http().post(API + "/units/" + unit + "/start?wait=true", "");
        assertThat(start.status()).isEqualTo(200);
        JsonNode started = json(start);
        assertThat(started.get("action").asText()).isEqualTo("start");
        assertThat(started.get("job").get("id").asLong()).isPositive();
        assertThat(started.get("job").get("result").asText()).isEqualTo("done");
        assertThat(isActive(agent, unit)).isEqualTo("active");
        String pid = show(agent, unit, "MainPID");

        assertThat(json(agent.http().post(API + "/units/" + unit + "/restart?wait=true", "")).get("job")
                .get("result").asText()).isEqualTo("done");
        assertThat(isActive(agent, unit)).isEqualTo("active");
        assertThat(show(agent, unit, "MainPID")).isNotEqualTo(pid);

        assertThat(json(agent.http().post(API + "/units/" + unit + "/reload?wait=true", "")).get("job")
                .get("result").asText()).isEqualTo("done");
        assertThat(json(agent.http().post(API + "/units/" + unit + "/reload-or-restart?wait=true", "")).get("job")
                .get("result").asText()).isEqualTo("done");
        assertThat(isActive(agent, unit)).isEqualTo("active");

        assertThat(json(agent.http().post(API + "/units/" + unit + "/stop?wait=true", "")).get("job")
                .get("result").asText()).isEqualTo("done");
        assertThat(isActive(agent, unit)).isEqualTo("inactive");

        assertThat(json(agent.http().post(API + "/units/" + unit + "/try-restart?wait=true", "")).get("job")
                .get("result").asText()).isEqualTo("done");
        assertThat(isActive(agent, unit)).isEqualTo("inactive");
    }

    @Test
    void startWithoutWaitAnswersWithTheQueuedJob(AgentBox agent) {
        String unit = sleeper(agent, "nowait");

        JsonNode answer = json(agent.http().post(API + "/units/" + unit + "/start", ""));

        assertThat(answer.get("job").get("path").asText()).startsWith("/org/freedesktop/systemd1/job/");
        assertThat(answer.get("job").has("result")).as("no result without wait").isFalse();
        assertThat(eventually(() -> isActive(agent, unit), "active")).isEqualTo("active");
    }

    @Test
    void aStartThatFailsIsA409NamingTheJobResult(AgentBox agent) {
        String unit = SystemdBoxUnits.unit(agent, SystemdBoxUnits.name("fails"), """
                [Service]
                Type=oneshot
                ExecStart=/bin/false
                """);

        AgentHttp.Response response = agent.http().post(API + "/units/" + unit + "/start?wait=true", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(json(response).get("type").asText()).endsWith("job-failed");
        assertThat(json(response).get("detail").asText()).contains("ended with result 'failed'");
        assertThat(isActive(agent, unit)).isEqualTo("failed");
    }

    @Test
    void enableAndDisableChangeTheUnitFiles(AgentBox agent) {
        String unit = sleeper(agent, "files");

        AgentHttp.Response enable = agent.http().post(API + "/units/" + unit + "/enable", "");
        assertThat(enable.status()).as(enable.body() + agent.journal(30)).isEqualTo(200);
        JsonNode enabled = json(enable);
        assertThat(enabled.get("carriesInstallInfo").asBoolean()).isTrue();
        assertThat(enabled.get("changes").get(0).get("type").asText()).isEqualTo("symlink");
        assertThat(isEnabled(agent, unit)).isEqualTo("enabled");
        assertThat(eventually(() -> json(agent.http().get(API + "/units/" + unit)).get("unitFileState").asText(),
                "enabled")).isEqualTo("enabled");

        agent.http().post(API + "/units/" + unit + "/disable", "");
        assertThat(isEnabled(agent, unit)).isEqualTo("disabled");

    }

    @Test
    void maskAndUnmaskLinkTheUnitToDevNullAndBack(AgentBox agent) {
        // Masking puts a link in /etc/systemd/system, so this unit lives in /run/systemd/system.
        String unit = SystemdBoxUnits.name("mask");
        agent.box().writeFile("/run/systemd/system/" + unit, "[Service]\nExecStart=/bin/sleep infinity\n");
        agent.box().exec("systemctl", "daemon-reload").orThrow();

        AgentHttp.Response mask = agent.http().post(API + "/units/" + unit + "/mask", "");

        assertThat(mask.status()).as(mask.body()).isEqualTo(200);
        assertThat(json(mask).get("changes").get(0).get("destination").asText()).isEqualTo("/dev/null");
        assertThat(isEnabled(agent, unit)).isEqualTo("masked");
        assertThat(agent.box().exec("readlink", "/etc/systemd/system/" + unit).out()).isEqualTo("/dev/null");
        assertThat(agent.http().post(API + "/units/" + unit + "/start", "").status()).isEqualTo(409);
        assertThat(isActive(agent, unit)).isEqualTo("inactive");

        AgentHttp.Response unmask = agent.http().post(API + "/units/" + unit + "/unmask", "");

        assertThat(unmask.status()).as(unmask.body()).isEqualTo(200);
        assertThat(agent.box().exec("test", "-e", "/etc/systemd/system/" + unit).exitCode()).isNotZero();
        assertThat(isEnabled(agent, unit)).isNotEqualTo("masked");
    }

    @Test
    void maskingAUnitWhoseFileIsInEtcIsA409AndTheFileStays(AgentBox agent) {
        String unit = sleeper(agent, "maskfile");
        String before = agent.box().readFile("/etc/systemd/system/" + unit);

        AgentHttp.Response mask = agent.http().post(API + "/units/" + unit + "/mask", "");

        assertThat(mask.status()).as(mask.body()).isEqualTo(409);
        assertThat(agent.box().readFile("/etc/systemd/system/" + unit)).isEqualTo(before);
        assertThat(isEnabled(agent, unit)).isEqualTo("disabled");
    }

    @Test
    void killSendsTheSignalAndResetFailedClearsTheFailure(AgentBox agent) {
        String unit = sleeper(agent, "kill");
        agent.box().exec("systemctl", "start", unit).orThrow();

        AgentHttp.Response kill = agent.http().post(API + "/units/" + unit + "/kill", "{\"signal\":\"SIGKILL\"}");

        assertThat(kill.status()).isEqualTo(200);
        assertThat(eventually(() -> isActive(agent, unit), "failed")).isEqualTo("failed");
        assertThat(show(agent, unit, "Result")).isEqualTo("signal");

        assertThat(agent.http().post(API + "/units/" + unit + "/reset-failed", "").status()).isEqualTo(200);
        assertThat(isActive(agent, unit)).isEqualTo("inactive");
    }

    @Test
    void setPropertiesAppliesResourceLimitsThatSystemctlShows(AgentBox agent) {
        String unit = sleeper(agent, "limits");
        agent.box().exec("systemctl", "start", unit).orThrow();

        AgentHttp.Response response = patch(agent, API + "/units/" + unit + "/properties",
                "{\"properties\":{\"CPUWeight\":200,\"MemoryMax\":\"64M\",\"TasksMax\":50,\"CPUQuota\":\"50%\"},"
                        + "\"runtime\":true}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(show(agent, unit, "CPUWeight")).isEqualTo("200");
        assertThat(show(agent, unit, "MemoryMax")).isEqualTo("67108864");
        assertThat(show(agent, unit, "TasksMax")).isEqualTo("50");
        assertThat(show(agent, unit, "CPUQuotaPerSecUSec")).isEqualTo("500ms");
        assertThat(agent.box().exec("test", "-e", "/etc/systemd/system.control/" + unit + ".d").exitCode())
                .isNotZero();
    }

    @Test
    void cpuSharesAreSetAsTheMatchingCpuWeightAndPersistentSettingsGoToSystemControl(AgentBox agent) {
        String unit = sleeper(agent, "shares");

        AgentHttp.Response response = patch(agent, API + "/units/" + unit + "/properties",
                "{\"properties\":{\"CPUShares\":2048}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("applied").get("CPUWeight").asLong()).isEqualTo(200);
        assertThat(show(agent, unit, "CPUWeight")).isEqualTo("200");
        assertThat(agent.box().exec("grep", "-r", "CPUWeight=200", "/etc/systemd/system.control/" + unit + ".d")
                .exitCode()).isZero();
    }

    @Test
    void anUnknownOrMistypedPropertyIsA400NamingItAndNothingChanges(AgentBox agent) {
        String unit = sleeper(agent, "badprop");
        String before = show(agent, unit, "CPUWeight");

        AgentHttp.Response unknown = patch(agent, API + "/units/" + unit + "/properties",
                "{\"properties\":{\"CPUWeight\":300,\"Frobnicate\":1}}");
        AgentHttp.Response mistyped = patch(agent, API + "/units/" + unit + "/properties",
                "{\"properties\":{\"CPUWeight\":\"lots\"}}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json(unknown).get("errors").get(0).get("field").asText()).isEqualTo("properties.Frobnicate");
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(json(mistyped).get("errors").get(0).get("field").asText()).isEqualTo("properties.CPUWeight");
        assertThat(show(agent, unit, "CPUWeight")).isEqualTo(before);
    }

    @Test
    void aDropInIsWrittenOwnedByRootAndAppliedThenRemoved(AgentBox agent) {
        String unit = sleeper(agent, "dropin");
        String path = "/etc/systemd/system/" + unit + ".d/50-gantry.conf";

        AgentHttp.Response written = put(agent, API + "/units/" + unit + "/dropins/50-gantry",
                "{\"content\":\"[Service]\\nEnvironment=GANTRY_TEST=yes\\n\"}");

        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(json(written).get("path").asText()).isEqualTo(path);
        assertThat(agent.box().readFile(path)).isEqualTo("[Service]\nEnvironment=GANTRY_TEST=yes\n");
        assertThat(agent.box().exec("stat", "-c", "%U:%G %a", path).out()).isEqualTo("root:root 644");
        assertThat(show(agent, unit, "Environment")).isEqualTo("GANTRY_TEST=yes");
        assertThat(json(agent.http().get(API + "/units/" + unit)).get("dropInPaths").get(0).asText()).isEqualTo(path);

        AgentHttp.Response removed = agent.http().delete(API + "/units/" + unit + "/dropins/50-gantry.conf");

        assertThat(removed.status()).isEqualTo(204);
        assertThat(agent.box().exec("test", "-e", path).exitCode()).isNotZero();
        assertThat(show(agent, unit, "Environment")).isEmpty();
        assertThat(agent.http().delete(API + "/units/" + unit + "/dropins/50-gantry").status()).isEqualTo(404);
    }

    @Test
    void aDropInThatIsNoUnitFileTextIsA400AndNoFileIsWritten(AgentBox agent) {
        String unit = sleeper(agent, "baddropin");

        AgentHttp.Response response = put(agent, API + "/units/" + unit + "/dropins/10-bad",
                "{\"content\":\"Environment=NO_SECTION=1\\n\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(agent.box().exec("test", "-e", "/etc/systemd/system/" + unit + ".d").exitCode()).isNotZero();
    }

    @Test
    void logsShowWhatTheUnitWroteAndFollowStreamsThem(AgentBox agent) {
        String marker = "gantry-log-" + java.util.UUID.randomUUID();
        String unit = SystemdBoxUnits.unit(agent, SystemdBoxUnits.name("logs"), """
                [Service]
                Type=oneshot
                ExecStart=/bin/echo %s
                """.formatted(marker));
        agent.box().exec("systemctl", "start", unit).orThrow();

        List<String> messages = new ArrayList<>();
        String last = "";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!messages.contains(marker) && System.nanoTime() < deadline) {
            AgentHttp.Response logs = agent.http().get(API + "/units/" + unit + "/logs?lines=50");
            assertThat(logs.status()).as(logs.body()).isEqualTo(200);
            messages.clear();
            json(logs).forEach(e -> messages.add(e.get("message").asText()));
            last = logs.body();
        }
        assertThat(messages).as(last).contains(marker);

        // follow: a client inside the box reads the stream for 3 s, then goes away.
        String stream = agent.box().exec("timeout", "3", "curl", "-sN", "--unix-socket", "/run/gantry/gantryd.sock",
                "http://localhost" + API + "/units/" + unit + "/logs?follow=true&lines=5").stdout();
        assertThat(stream).contains("event: log").contains(marker);
        assertThat(eventually(() -> agent.box().exec("pgrep", "-u", "gantry", "journalctl").exitCode(), 1, 40))
                .as("journalctl -f ends with its client").isEqualTo(1);
    }

    @Test
    void listFiltersByTypeStateAndNamePattern(AgentBox agent) {
        String running = sleeper(agent, "list");
        agent.box().exec("systemctl", "start", running).orThrow();

        JsonNode list = json(agent.http().get(API + "/units?type=service&state=running&name=gantry-test-list-*"));

        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo(running);
        assertThat(list.get(0).get("subState").asText()).isEqualTo("running");
        assertThat(json(agent.http().get(API + "/units?type=socket&name=gantry-test-list-*")).size()).isZero();
    }

    @Test
    void propertiesListEverythingAndOneCanBeRead(AgentBox agent) {
        String unit = sleeper(agent, "props");
        agent.box().exec("systemctl", "start", unit).orThrow();

        JsonNode all = json(agent.http().get(API + "/units/" + unit + "/properties"));
        JsonNode one = json(agent.http().get(API + "/units/" + unit + "/properties/ExecMainPID"));

        assertThat(all.get("Id").asText()).isEqualTo(unit);
        assertThat(all.get("MainPID").asText()).isEqualTo(show(agent, unit, "MainPID"));
        assertThat(all.has("CPUWeight")).isTrue();
        assertThat(one.get("value").asText()).isEqualTo(show(agent, unit, "ExecMainPID"));
        assertThat(agent.http().get(API + "/units/" + unit + "/properties/NoSuchThing").status()).isEqualTo(404);
    }

    @Test
    void anUnknownUnitIsA404AndNothingIsStartedOrWritten(AgentBox agent) {
        String unit = SystemdBoxUnits.name("missing");

        assertThat(agent.http().get(API + "/units/" + unit).status()).isEqualTo(404);
        assertThat(agent.http().post(API + "/units/" + unit + "/start", "").status()).isEqualTo(404);
        assertThat(agent.http().post(API + "/units/" + unit + "/enable", "").status()).isEqualTo(404);
        assertThat(put(agent, API + "/units/" + unit + "/dropins/x", "{\"content\":\"[Service]\\n\"}").status())
                .isEqualTo(404);

        assertThat(show(agent, unit, "LoadState")).isEqualTo("not-found");
        assertThat(agent.box().exec("test", "-e", "/etc/systemd/system/" + unit + ".d").exitCode()).isNotZero();
        assertThat(agent.box().exec("systemctl", "list-jobs", "--no-legend").out()).doesNotContain(unit);
    }

    @Test
    void traversalAndInvalidNamesAre400AndNothingIsWritten(AgentBox agent) {
        String unit = sleeper(agent, "traversal");
        String before = agent.box().exec("find", "/etc/systemd", "/etc/passwd", "-newer", "/etc/hostname").out();

        assertThat(agent.http().get(API + "/units/..%2F..%2Fetc%2Fpasswd").status()).isEqualTo(400);
        assertThat(agent.http().post(API + "/units/a%2Fb.service/start", "").status()).isEqualTo(400);
        assertThat(agent.http().post(API + "/units/x..service/stop", "").status()).isEqualTo(400);
        assertThat(put(agent, API + "/units/..%2F..%2Fetc%2Fpasswd/dropins/x", "{\"content\":\"[Service]\\n\"}")
                .status()).isEqualTo(400);
        assertThat(put(agent, API + "/units/" + unit + "/dropins/..%2F..%2F..%2Fpasswd",
                "{\"content\":\"[Service]\\n\"}").status()).isEqualTo(400);
        assertThat(agent.http().post(API + "/units/" + unit + "/explode", "").status()).isEqualTo(404);
        // Last: Jetty itself may refuse a NUL in the path with a 400 and close the connection.
        assertThat(agent.http().post(API + "/units/bad%00name/start", "").status()).isEqualTo(400);

        assertThat(agent.box().exec("find", "/etc/systemd", "/etc/passwd", "-newer", "/etc/hostname").out())
                .isEqualTo(before);
        assertThat(agent.box().exec("test", "-e", "/etc/systemd/system/" + unit + ".d").exitCode()).isNotZero();
    }
}
