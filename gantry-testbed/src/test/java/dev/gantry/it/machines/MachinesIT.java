package dev.gantry.it.machines;

import static dev.gantry.it.machines.BoxMachines.await;
import static dev.gantry.it.machines.BoxMachines.listed;
import static dev.gantry.it.machines.BoxMachines.registered;
import static dev.gantry.it.machines.BoxMachines.show;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.SystemdBox;
import dev.gantry.testbed.WithAgentBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/machines} against the installed agent and the box's systemd-machined, with real
 * containers: directory trees under /var/lib/machines booted by systemd-nspawn inside the box (see
 * {@link BoxMachines}). Every effect is checked with machinectl and systemctl in the box.
 */
@WithAgentBox
class MachinesIT {

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private static AgentHttp.Response action(AgentBox agent, String name, String action, String body) {
        return agent.http().post("/api/v1/machines/" + name + "/actions/" + action, body);
    }

    @Test
    void startBootsTheImageAndTheMachineShowsAsMachinectlShowsIt(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.image(box);

        AgentHttp.Response start = action(agent, image.name(), "start", "");

        assertThat(start.status()).as(start.body()).isEqualTo(200);
        assertThat(json(start).get("unit").asText()).isEqualTo(image.unit());
        assertThat(json(start).get("result").asText()).isEqualTo("done");
        assertThat(box.exec("systemctl", "is-active", image.unit()).out()).isEqualTo("active");
        BoxMachines.awaitAddress(box, image);
        JsonNode machine = json(agent.http().get("/api/v1/machines/" + image.name()));
        assertThat(machine.get("name").asText()).isEqualTo(image.name());
        assertThat(machine.get("id").asText()).isEqualTo(show(box, image.name(), "Id"));
        assertThat(machine.get("class").asText()).isEqualTo("container").isEqualTo(show(box, image.name(), "Class"));
        assertThat(machine.get("service").asText()).isEqualTo("systemd-nspawn");
        assertThat(machine.get("state").asText()).isEqualTo(show(box, image.name(), "State"));
        assertThat(machine.get("leader").asLong()).isEqualTo(Long.parseLong(show(box, image.name(), "Leader")));
        assertThat(machine.get("rootDirectory").asText()).isEqualTo("/var/lib/machines/" + image.name());
        assertThat(machine.get("unit").asText()).isEqualTo(image.unit());
        assertThat(machine.get("addresses")).extracting(JsonNode::asText).containsExactly(image.address());
    }

    @Test
    void theListHoldsExactlyTheMachinesMachinectlLists(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image first = BoxMachines.running(box);
        BoxMachines.Image second = BoxMachines.running(box);

        AgentHttp.Response r = agent.http().get("/api/v1/machines");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> names = json(r).findValuesAsText("name");
        assertThat(names).contains(first.name(), second.name());
        assertThat(names).containsExactlyInAnyOrderElementsOf(listed(box));
    }

    @Test
    void poweroffShutsTheMachineDownCleanly(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);

        AgentHttp.Response r = action(agent, image.name(), "poweroff", "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("signal").asInt()).isEqualTo(38);
        assertThat(json(r).get("whom").asText()).isEqualTo("leader");
        await(() -> !registered(box, image.name()), image.name() + " gone from machinectl");
        await(() -> box.exec("systemctl", "is-active", image.unit()).out().equals("inactive"),
                image.unit() + " inactive");
        // A clean halt: the unit ended without failing (nspawn exits 0 when the container's init powered off).
        assertThat(box.exec("systemctl", "show", image.unit(), "-p", "Result", "--value").out()).isEqualTo("success");
    }

    @Test
    void rebootBootsTheMachineAgainUnderANewLeader(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);
        String leader = show(box, image.name(), "Leader");

        AgentHttp.Response r = action(agent, image.name(), "reboot", "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("signal").asInt()).isEqualTo(2);
        await(() -> {
            String now = show(box, image.name(), "Leader");
            return !now.isEmpty() && !now.equals(leader) && show(box, image.name(), "State").equals("running");
        }, image.name() + " running under a new leader");
        // nspawn exits 133 on the container's reboot and systemd restarts its unit (RestartForceExitStatus=133).
        await(() -> box.exec("systemctl", "is-active", image.unit()).out().equals("active"), image.unit() + " active");
        assertThat(box.exec("systemctl", "show", image.unit(), "-p", "NRestarts", "--value").out()).isEqualTo("1");
    }

    @Test
    void terminateStopsTheMachinesUnit(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);

        AgentHttp.Response r = action(agent, image.name(), "terminate", "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("unit").asText()).isEqualTo(image.unit());
        await(() -> !registered(box, image.name()), image.name() + " gone from machinectl");
        await(() -> !box.exec("systemctl", "is-active", image.unit()).out().equals("active"), image.unit() + " stopped");
    }

    @Test
    void killSendsTheGivenSignalToTheLeader(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);

        // RTMIN+4 to the leader is what poweroff sends: the container's systemd halts on it.
        AgentHttp.Response r = action(agent, image.name(), "kill", "{\"signal\":\"SIGRTMIN+4\",\"whom\":\"leader\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("signal").asInt()).isEqualTo(38);
        await(() -> !registered(box, image.name()), image.name() + " gone after SIGRTMIN+4");
    }

    @Test
    void invalidActionsAre4xxAndChangeNothing(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image running = BoxMachines.running(box);
        BoxMachines.Image stopped = BoxMachines.image(box);
        List<String> before = listed(box);
        String leader = show(box, running.name(), "Leader");

        AgentHttp.Response startRunning = action(agent, running.name(), "start", "");
        AgentHttp.Response poweroffStopped = action(agent, stopped.name(), "poweroff", "");
        AgentHttp.Response showStopped = agent.http().get("/api/v1/machines/" + stopped.name());
        AgentHttp.Response startUnknown = action(agent, "nosuchimage", "start", "");
        AgentHttp.Response terminateUnknown = action(agent, "nosuchimage", "terminate", "");
        AgentHttp.Response badName = action(agent, "bad..name", "poweroff", "");
        AgentHttp.Response badAction = action(agent, running.name(), "explode", "");
        AgentHttp.Response badSignal = action(agent, running.name(), "kill", "{\"signal\":\"SIGFOO\",\"whom\":\"x\"}");

        assertThat(startRunning.status()).as(startRunning.body()).isEqualTo(409);
        assertThat(startRunning.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(poweroffStopped.status()).as(poweroffStopped.body()).isEqualTo(409);
        assertThat(showStopped.status()).isEqualTo(404);
        assertThat(startUnknown.status()).as(startUnknown.body()).isEqualTo(404);
        assertThat(terminateUnknown.status()).isEqualTo(404);
        assertThat(badName.status()).isEqualTo(400);
        assertThat(json(badName).get("errors").get(0).get("field").asText()).isEqualTo("name");
        assertThat(badAction.status()).isEqualTo(404);
        assertThat(badSignal.status()).isEqualTo(400);
        assertThat(json(badSignal).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("signal", "whom");
        assertThat(listed(box)).isEqualTo(before);
        assertThat(show(box, running.name(), "Leader")).isEqualTo(leader);
        assertThat(box.exec("systemctl", "is-active", stopped.unit()).out()).isNotEqualTo("active");
    }
}
