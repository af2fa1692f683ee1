package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gantry service against a recording stand-in agent: each command's request (method, path, query,
 * body) and how it prints the answer. The routes' real effects are tested in the box (SystemdUnitsIT).
 */
class ServiceCommandTest {
    private static final String UNITS = "/api/v1/systemd/units/";
    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Test
    void listSendsTheFiltersAndPrintsATable() {
        agent.on("GET", "/api/v1/systemd/units", 200, """
                [{"name":"ssh.service","description":"OpenBSD Secure Shell server","loadState":"loaded",
                  "activeState":"active","subState":"running"},
                 {"name":"cron.service","description":"Regular background program processing daemon",
                  "loadState":"loaded","activeState":"inactive","subState":"dead"}]""");

        Cli.Run run = agent.gantry("service", "list", "--type", "service", "--state", "running", "--name", "s*");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo("/api/v1/systemd/units?type=service&state=running&name=s*");
        assertThat(run.out()).isEqualTo("""
                UNIT           LOAD     ACTIVE     SUB       DESCRIPTION
                ssh.service    loaded   active     running   OpenBSD Secure Shell server
                cron.service   loaded   inactive   dead      Regular background program processing daemon
                """);
    }

    @Test
    void statusPrintsStatesPidResourcesAndDropIns() {
        agent.on("GET", UNITS + "ssh", 200, """
                {"name":"ssh.service","description":"OpenBSD Secure Shell server","loadState":"loaded",
                 "activeState":"active","subState":"running","unitFileState":"enabled","mainPid":644,
                 "fragmentPath":"/lib/systemd/system/ssh.service",
                 "dropInPaths":["/etc/systemd/system/ssh.service.d/50-gantry.conf"],
                 "controlGroup":"/system.slice/ssh.service","stateChangeTimestamp":"2026-05-31T12:00:00Z",
                 "resources":{"memoryBytes":5347737,"cpuNanos":1234000000,"tasks":1}}""");

        Cli.Run run = agent.gantry("service", "status", "ssh");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().method()).isEqualTo("GET");
        assertThat(run.out()).isEqualTo("""
                Unit:         ssh.service
                Description:  OpenBSD Secure Shell server
                Loaded:       loaded (/lib/systemd/system/ssh.service; enabled)
                Active:       active (running) since 2026-05-31 14:00:00
                Main PID:     644
                Tasks:        1
                Memory:       5.1M
                CPU:          1.234s
                CGroup:       /system.slice/ssh.service
                Drop-ins:     /etc/systemd/system/ssh.service.d/50-gantry.conf
                """);
    }

    @Test
    void statusOfAnUnknownUnitExitsOneWithTheAgentsProblem() {
        agent.on("GET", UNITS + "nope", 404, """
                {"type":"https://gantry.dev/problems/not-found","title":"Not found","status":404,
                 "detail":"no unit nope.service"}""");

        Cli.Run run = agent.gantry("service", "status", "nope");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("gantry: Not found: no unit nope.service\n");
    }

    @Test
    void everyJobActionPostsWithWaitAndPrintsTheJobResult() {
        for (String action : new String[] {"start", "stop", "restart", "try-restart", "reload", "reload-or-restart"}) {
            agent.on("POST", UNITS + "nginx/" + action, 200, """
                    {"unit":"nginx.service","action":"%s","job":{"id":42,"path":"/org/freedesktop/systemd1/job/42",
                     "result":"done"}}""".formatted(action));

            Cli.Run run = agent.gantry("service", action, "nginx");

            assertThat(run.exit()).as(action).isZero();
            assertThat(run.out()).isEqualTo("nginx.service: " + action + " job 42 done\n");
            RecordingAgent.Request sent = agent.requests().getLast();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.target()).isEqualTo(UNITS + "nginx/" + action + "?wait=true&timeout=90");
            assertThat(sent.body()).isEmpty();
        }
        assertThat(agent.requests()).hasSize(6);
    }

    @Test
    void startWithNoBlockAndModeDoesNotWait() {
        agent.on("POST", UNITS + "nginx/start", 200, """
                {"unit":"nginx.service","action":"start","job":{"id":7,"path":"/org/freedesktop/systemd1/job/7",
                 "result":null}}""");

        Cli.Run run = agent.gantry("service", "start", "nginx", "--no-block", "--mode", "fail");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo(UNITS + "nginx/start?mode=fail");
        assertThat(run.out()).isEqualTo("nginx.service: start job 7 queued\n");
    }

    @Test
    void aFailedJobExitsOne() {
        agent.on("POST", UNITS + "broken/start", 409, """
                {"type":"https://gantry.dev/problems/job-failed","title":"Job failed","status":409,
                 "detail":"job 9 (start broken.service) ended with result 'failed'; see the unit's status and logs"}""");

        Cli.Run run = agent.gantry("service", "start", "broken", "--timeout", "5s");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(agent.only().target()).isEqualTo(UNITS + "broken/start?wait=true&timeout=5");
        assertThat(run.err()).contains("ended with result 'failed'");
    }

    @Test
    void enablePrintsTheSymlinksAndRuntimeIsSent() {
        agent.on("POST", UNITS + "nginx/enable", 200, """
                {"unit":"nginx.service","action":"enable","carriesInstallInfo":true,"changes":[
                 {"type":"symlink","file":"/etc/systemd/system/multi-user.target.wants/nginx.service",
                  "destination":"/lib/systemd/system/nginx.service"}]}""");

        Cli.Run run = agent.gantry("service", "enable", "nginx", "--runtime");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo(UNITS + "nginx/enable?runtime=true");
        assertThat(run.out()).isEqualTo("Created symlink /etc/systemd/system/multi-user.target.wants/nginx.service"
                + " → /lib/systemd/system/nginx.service.\n");
    }

    @Test
    void disableMaskAndUnmaskPrintTheirChanges() {
        agent.on("POST", UNITS + "nginx/disable", 200, """
                {"unit":"nginx.service","action":"disable","carriesInstallInfo":true,"changes":[
                 {"type":"unlink","file":"/etc/systemd/system/multi-user.target.wants/nginx.service","destination":""}]}""");
        agent.on("POST", UNITS + "nginx/mask", 200, """
                {"unit":"nginx.service","action":"mask","carriesInstallInfo":true,"changes":[
                 {"type":"symlink","file":"/etc/systemd/system/nginx.service","destination":"/dev/null"}]}""");
        agent.on("POST", UNITS + "nginx/unmask", 200, """
                {"unit":"nginx.service","action":"unmask","carriesInstallInfo":true,"changes":[]}""");

        assertThat(agent.gantry("service", "disable", "nginx").out())
                .isEqualTo("Removed \"/etc/systemd/system/multi-user.target.wants/nginx.service\".\n");
        assertThat(agent.gantry("service", "mask", "nginx").out())
                .isEqualTo("Created symlink /etc/systemd/system/nginx.service → /dev/null.\n");
        assertThat(agent.gantry("service", "unmask", "nginx").out()).isEqualTo("nginx.service: nothing changed\n");
        assertThat(agent.requests()).extracting(RecordingAgent.Request::target).containsExactly(
                UNITS + "nginx/disable", UNITS + "nginx/mask", UNITS + "nginx/unmask");
    }

    @Test
    void killSendsTheSignalAndWhomInTheBody() throws Exception {
        agent.on("POST", UNITS + "nginx/kill", 200, "{\"unit\":\"nginx.service\",\"action\":\"kill\"}");

        Cli.Run run = agent.gantry("service", "kill", "nginx", "-s", "HUP", "--kill-whom", "main");

        assertThat(run.exit()).isZero();
        assertThat(json(agent.only().body())).isEqualTo(json("{\"signal\":\"HUP\",\"whom\":\"main\"}"));
        assertThat(run.out()).isEqualTo("nginx.service: sent HUP to main processes\n");
    }

    @Test
    void resetFailedPostsWithoutABody() {
        agent.on("POST", UNITS + "nginx/reset-failed", 200, "{\"unit\":\"nginx.service\",\"action\":\"reset-failed\"}");

        Cli.Run run = agent.gantry("service", "reset-failed", "nginx");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().method()).isEqualTo("POST");
        assertThat(agent.only().body()).isEmpty();
        assertThat(run.out()).isEqualTo("nginx.service: failed state reset\n");
    }

    @Test
    void showPrintsEveryPropertyOrOneValue() {
        agent.on("GET", UNITS + "nginx/properties", 200, """
                {"ActiveState":"active","CPUWeight":200,"Names":["nginx.service"],"MemoryMax":18446744073709551615}""");
        agent.on("GET", UNITS + "nginx/properties/MainPID", 200,
                "{\"unit\":\"nginx.service\",\"name\":\"MainPID\",\"value\":644}");

        assertThat(agent.gantry("service", "show", "nginx").out()).isEqualTo("""
                ActiveState=active
                CPUWeight=200
                Names=["nginx.service"]
                MemoryMax=18446744073709551615
                """);
        assertThat(agent.gantry("service", "show", "nginx", "MainPID").out()).isEqualTo("644\n");
    }

    @Test
    void setPropertySendsTypedValuesAndPrintsWhatWasApplied() throws Exception {
        agent.on("PATCH", UNITS + "nginx/properties", 200, """
                {"unit":"nginx.service","runtime":true,"applied":{"CPUWeight":200,"MemoryMax":536870912,
                 "CPUAccounting":true}}""");

        Cli.Run run = agent.gantry("service", "set-property", "nginx", "CPUShares=2048", "MemoryMax=512M",
                "CPUAccounting=yes", "--runtime");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().method()).isEqualTo("PATCH");
        assertThat(json(agent.only().body())).isEqualTo(json("""
                {"properties":{"CPUShares":2048,"MemoryMax":"512M","CPUAccounting":true},"runtime":true}"""));
        assertThat(run.out()).isEqualTo("""
                PROPERTY        VALUE
                CPUWeight       200
                MemoryMax       536870912
                CPUAccounting   true
                """);
    }

    @Test
    void setPropertyWithoutEqualsIsAUsageError() {
        Cli.Run run = agent.gantry("service", "set-property", "nginx", "CPUWeight");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void dropinSetPutsTheContentAndRemoveDeletesIt() throws Exception {
        agent.on("PUT", UNITS + "nginx/dropins/50-limits", 200, """
                {"unit":"nginx.service","file":"50-limits",
                 "path":"/etc/systemd/system/nginx.service.d/50-limits.conf","content":"[Service]\\nCPUWeight=50\\n"}""");
        agent.on("DELETE", UNITS + "nginx/dropins/50-limits", 204, "");

        Cli.Run set = agent.gantry("service", "dropin", "set", "nginx", "50-limits",
                "--content", "[Service]\\nCPUWeight=50\\n");
        Cli.Run remove = agent.gantry("service", "dropin", "remove", "nginx", "50-limits");

        assertThat(set.exit()).isZero();
        assertThat(set.out()).isEqualTo("wrote /etc/systemd/system/nginx.service.d/50-limits.conf and reloaded systemd\n");
        assertThat(json(agent.requests().get(0).body())).isEqualTo(json("{\"content\":\"[Service]\\nCPUWeight=50\\n\"}"));
        assertThat(remove.exit()).isZero();
        assertThat(agent.requests().get(1).method()).isEqualTo("DELETE");
        assertThat(remove.out()).isEqualTo("removed drop-in 50-limits of nginx and reloaded systemd\n");
    }

    @Test
    void logsPrintEntriesInJournalctlsShortFormat() {
        agent.on("GET", UNITS + "nginx/logs", 200, """
                [{"time":"2026-05-31T12:00:01Z","message":"Starting nginx","priority":6,"pid":1,"identifier":"systemd"},
                 {"time":"2026-05-31T12:00:02Z","message":"ready","priority":6,"pid":700,"identifier":"nginx"}]""");

        Cli.Run run = agent.gantry("service", "logs", "nginx", "-n", "2");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo(UNITS + "nginx/logs?lines=2");
        assertThat(run.out()).isEqualTo("""
                2026-05-31 14:00:01 systemd[1]: Starting nginx
                2026-05-31 14:00:02 nginx[700]: ready
                """);
    }

    @Test
    void logsFollowPrintsEachStreamedEntryUntilTheStreamEnds() {
        agent.on("GET", UNITS + "nginx/logs", 200, "text/event-stream", """
                : journal of nginx.service

                event: log
                data: {"time":"2026-05-31T12:00:02Z","message":"ready","pid":700,"identifier":"nginx"}

                : keep-alive

                event: log
                data: {"time":"2026-05-31T12:00:03Z","message":"GET /","pid":701,"identifier":"nginx"}

                event: end
                data: {}

                """);

        Cli.Run run = agent.gantry("service", "logs", "nginx", "-f");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo(UNITS + "nginx/logs?follow=true");
        assertThat(run.out()).isEqualTo("""
                2026-05-31 14:00:02 nginx[700]: ready
                2026-05-31 14:00:03 nginx[701]: GET /
                """);
    }

    @Test
    void managerDescribesSystemd() {
        agent.on("GET", "/api/v1/systemd/manager", 200, """
                {"version":"252.39-1~deb12u1","state":"running","features":"+PAM +AUDIT","virtualization":"none",
                 "architecture":"x86-64","failedUnits":0,"units":212,"jobs":0}""");

        Cli.Run run = agent.gantry("service", "manager");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                Version:         252.39-1~deb12u1
                State:           running
                Virtualization:  none
                Architecture:    x86-64
                Units:           212
                Failed units:    0
                Jobs:            0
                Features:        +PAM +AUDIT
                """);
    }

    @Test
    void managerConfigShowsSetAndUnsetPatchTheFile() throws Exception {
        agent.on("GET", "/api/v1/systemd/manager/config", 200, """
                {"path":"/etc/systemd/system.conf","settings":{"DefaultTimeoutStopSec":"30s"},"reexecuted":false}""");
        agent.on("PATCH", "/api/v1/systemd/manager/config", 200, """
                {"path":"/etc/systemd/system.conf","settings":{"DefaultTimeoutStopSec":"42s"},"reexecuted":true}""");

        Cli.Run show = agent.gantry("service", "manager", "config");
        Cli.Run set = agent.gantry("service", "manager", "set", "DefaultTimeoutStopSec=42s", "--reexec");
        Cli.Run unset = agent.gantry("service", "manager", "unset", "LogLevel");

        assertThat(show.out()).isEqualTo("""
                KEY                     VALUE
                DefaultTimeoutStopSec   30s
                """);
        assertThat(set.exit()).isZero();
        assertThat(set.out()).endsWith("systemd re-executed with the new settings\n");
        assertThat(agent.requests().get(1).target()).isEqualTo("/api/v1/systemd/manager/config?reexec=true");
        assertThat(json(agent.requests().get(1).body()))
                .isEqualTo(json("{\"settings\":{\"DefaultTimeoutStopSec\":\"42s\"}}"));
        assertThat(unset.exit()).isZero();
        assertThat(agent.requests().get(2).target()).isEqualTo("/api/v1/systemd/manager/config");
        assertThat(json(agent.requests().get(2).body())).isEqualTo(json("{\"settings\":{\"LogLevel\":null}}"));
    }
}
