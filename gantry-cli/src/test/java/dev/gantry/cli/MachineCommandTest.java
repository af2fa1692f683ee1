package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gantry machine} against a recording agent: the request each subcommand sends and how the answer
 * is shown. The real effects (containers booted, powered off, rebooted) are tested against the agent in
 * a systemd box (gantry-testbed, dev.gantry.it.machines.MachinesIT).
 */
class MachineCommandTest {
    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    static final String TINY = """
            {"name":"tiny1","id":"2f6156bf324a48858abfc5e9fa1998e4","class":"container","service":"systemd-nspawn",
             "state":"running","leader":77,"rootDirectory":"/var/lib/machines/tiny1","addresses":["10.99.0.2"],
             "unit":"systemd-nspawn@tiny1.service","since":"2026-12-07T22:43:24Z"}""";

    @Test
    void listShowsOneRowPerMachine() {
        agent.on("GET", "/api/v1/machines", 200, "[" + TINY + """
                ,{"name":"vm1","id":"00000000000000000000000000000000","class":"vm","service":"qemu","state":"opening",
                  "leader":90,"addresses":[],"unit":"machine-vm1.scope"}]""");

        Cli.Run run = agent.gantry("machine", "list");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/machines", ""));
        assertThat(run.out()).isEqualTo("""
                MACHINE   CLASS       SERVICE          STATE     LEADER   ADDRESSES   SINCE
                tiny1     container   systemd-nspawn   running   77       10.99.0.2   2026-12-07 23:43:24
                vm1       vm          qemu             opening   90       -           -
                """);
    }

    @Test
    void showPrintsEveryField() {
        agent.on("GET", "/api/v1/machines/tiny1", 200, TINY);

        Cli.Run run = agent.gantry("machine", "show", "tiny1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Name:       tiny1
                ID:         2f6156bf324a48858abfc5e9fa1998e4
                Class:      container
                Service:    systemd-nspawn
                State:      running
                Leader:     77
                Root:       /var/lib/machines/tiny1
                Addresses:  10.99.0.2
                Unit:       systemd-nspawn@tiny1.service
                Since:      2026-12-07 23:43:24
                """);
    }

    @Test
    void eachActionPostsToItsRouteAndSaysWhatWasDone() {
        agent.on("POST", "/api/v1/machines/tiny1/actions/poweroff", 200,
                "{\"machine\":\"tiny1\",\"action\":\"poweroff\",\"signal\":38,\"whom\":\"leader\"}");
        agent.on("POST", "/api/v1/machines/tiny1/actions/start", 200, "{\"machine\":\"tiny1\",\"action\":\"start\","
                + "\"unit\":\"systemd-nspawn@tiny1.service\",\"job\":12,\"result\":\"done\"}");
        agent.on("POST", "/api/v1/machines/tiny1/actions/terminate", 200,
                "{\"machine\":\"tiny1\",\"action\":\"terminate\",\"unit\":\"systemd-nspawn@tiny1.service\"}");

        Cli.Run poweroff = agent.gantry("machine", "poweroff", "tiny1");
        Cli.Run start = agent.gantry("machine", "start", "tiny1");
        Cli.Run terminate = agent.gantry("machine", "terminate", "tiny1");

        assertThat(poweroff.out()).isEqualTo("poweroff tiny1: signal 38 to leader\n");
        assertThat(start.out()).isEqualTo("start tiny1: systemd-nspawn@tiny1.service done\n");
        assertThat(terminate.out()).isEqualTo("terminate tiny1: systemd-nspawn@tiny1.service stopping\n");
        assertThat(agent.requests()).extracting(RecordingAgent.Request::target).containsExactly(
                "/api/v1/machines/tiny1/actions/poweroff", "/api/v1/machines/tiny1/actions/start",
                "/api/v1/machines/tiny1/actions/terminate");
    }

    @Test
    void killSendsTheSignalAndWhom() {
        agent.on("POST", "/api/v1/machines/tiny1/actions/kill", 200,
                "{\"machine\":\"tiny1\",\"action\":\"kill\",\"signal\":9,\"whom\":\"leader\"}");

        Cli.Run run = agent.gantry("machine", "kill", "tiny1", "--signal", "KILL", "--kill-whom", "leader");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/machines/tiny1/actions/kill",
                "{\"signal\":\"KILL\",\"whom\":\"leader\"}"));
        assertThat(run.out()).isEqualTo("kill tiny1: signal 9 to leader\n");
    }

    @Test
    void anAgentsConflictExitsWith1AndShowsItsDetail() {
        agent.on("POST", "/api/v1/machines/tiny1/actions/start", 409, """
                {"type":"https://gantry.dev/problems/conflict","title":"Conflict","status":409,
                 "detail":"machine tiny1 is already running"}""");

        Cli.Run run = agent.gantry("machine", "start", "tiny1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("machine tiny1 is already running");
    }
}
