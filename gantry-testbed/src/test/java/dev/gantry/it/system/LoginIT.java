package dev.gantry.it.system;

import static dev.gantry.it.system.HostnameIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/system/login} against the installed agent and logind. A login session is made in the
 * box the way a login does it: a process started through PAM service "login" (pam_systemd registers
 * it with logind), here {@code systemd-run --uid=USER -p PAMName=login sleep infinity}.
 */
@WithAgentBox
class LoginIT {
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A new user with one login session running {@code sleep infinity}; returns the session id. */
    private static Session login(AgentBox agent) {
        int n = NEXT.incrementAndGet();
        String user = "login" + n + "u";
        agent.box().exec("useradd", "-m", user).orThrow();
        long uid = Long.parseLong(agent.box().exec("id", "-u", user).orThrow().out());
        agent.box().exec("systemd-run", "--unit=gantry-login-" + n, "--uid=" + user, "-p", "PAMName=login",
                "sleep", "infinity").orThrow();
        awaitTrue(() -> !sessionsOf(agent, user).isEmpty(), "a session of " + user);
        String id = sessionsOf(agent, user).getFirst();
        // Listed as soon as PAM opened it; ready once logind says so and the command runs.
        awaitTrue(() -> !agent.box().exec("loginctl", "show-session", id, "-p", "State", "--value").out()
                .equals("opening") && sleeping(agent, user), "session " + id + " of " + user + " running");
        return new Session(id, user, uid, "gantry-login-" + n + ".service");
    }

    /** Whether the session's {@code sleep infinity} runs. */
    private static boolean sleeping(AgentBox agent, String user) {
        return agent.box().exec("pgrep", "-x", "-u", user, "sleep").exitCode() == 0;
    }

    private record Session(String id, String user, long uid, String unit) {
    }

    /** Session ids of {@code user} as loginctl lists them. */
    private static List<String> sessionsOf(AgentBox agent, String user) {
        List<String> ids = new ArrayList<>();
        for (String line : agent.box().exec("loginctl", "list-sessions", "--no-legend").out().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[2].equals(user)) {
                ids.add(f[0]);
            }
        }
        return ids;
    }

    private static String listSessions(AgentBox agent) {
        return agent.box().exec("loginctl", "list-sessions", "--no-legend").out();
    }

    /** Waits (up to 15 s) for something logind does after answering, such as removing a closed session. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void sessionsListsTheLoginSessionAsLoginctlShowsIt(AgentBox agent) throws Exception {
        Session s = login(agent);

        AgentHttp.Response r = agent.http().get("/api/v1/system/login/sessions");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode session : json(r)) {
            if (session.get("id").asText().equals(s.id())) {
                mine = session;
            }
        }
        assertThat(mine).as(r.body()).isNotNull();
        assertThat(mine.get("user").asText()).isEqualTo(s.user());
        assertThat(mine.get("uid").asLong()).isEqualTo(s.uid());
        assertThat(mine.get("service").asText()).isEqualTo("login");
        assertThat(mine.get("leader").asLong()).isEqualTo(Long.parseLong(agent.box().exec("loginctl",
                "show-session", s.id(), "-p", "Leader", "--value").out()));
        assertThat(mine.get("state").asText()).isEqualTo(agent.box().exec("loginctl",
                "show-session", s.id(), "-p", "State", "--value").out());
        assertThat(json(r).size()).isEqualTo(listSessions(agent).lines().count());
    }

    @Test
    void oneSessionAndOneUserCanBeShown(AgentBox agent) throws Exception {
        Session s = login(agent);

        JsonNode session = json(agent.http().get("/api/v1/system/login/sessions/" + s.id()));
        AgentHttp.Response user = agent.http().get("/api/v1/system/login/users/" + s.uid());

        assertThat(session.get("id").asText()).isEqualTo(s.id());
        assertThat(session.get("class").asText()).isEqualTo(agent.box().exec("loginctl",
                "show-session", s.id(), "-p", "Class", "--value").out());
        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(json(user).get("name").asText()).isEqualTo(s.user());
        assertThat(json(user).get("state").asText()).isEqualTo(agent.box().exec("loginctl",
                "show-user", s.user(), "-p", "State", "--value").out());
        assertThat(json(user).get("sessions").findValuesAsText("")).isEmpty();
        assertThat(json(user).get("sessions").get(0).asText()).isEqualTo(s.id());
    }

    @Test
    void usersAndSeatsListWhatLoginctlLists(AgentBox agent) throws Exception {
        Session s = login(agent);

        JsonNode users = json(agent.http().get("/api/v1/system/login/users"));
        JsonNode seats = json(agent.http().get("/api/v1/system/login/seats"));

        assertThat(users.findValuesAsText("name")).contains(s.user());
        assertThat(users.size()).isEqualTo(agent.box().exec("loginctl", "list-users", "--no-legend").out()
                .lines().count());
        List<String> boxSeats = agent.box().exec("loginctl", "list-seats", "--no-legend").out().lines()
                .map(String::strip).toList();
        assertThat(seats.findValuesAsText("id")).containsExactlyElementsOf(boxSeats);
    }

    @Test
    void terminatingASessionEndsItForLoginctl(AgentBox agent) throws Exception {
        Session s = login(agent);

        AgentHttp.Response r = agent.http().post("/api/v1/system/login/sessions/" + s.id() + "/terminate", "");

        assertThat(r.status()).as(r.body()).isEqualTo(204);
        awaitTrue(() -> !sessionsOf(agent, s.user()).contains(s.id()), "session " + s.id() + " gone");
        awaitTrue(() -> !sleeping(agent, s.user()), "the session's sleep of " + s.user() + " ended");
    }

    @Test
    void killingAUsersProcessesEndsThem(AgentBox agent) throws Exception {
        Session s = login(agent);

        AgentHttp.Response r = agent.http().post("/api/v1/system/login/users/" + s.uid() + "/kill",
                "{\"signal\":\"SIGKILL\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(204);
        awaitTrue(() -> !sleeping(agent, s.user()), "sleep of " + s.user() + " killed");
    }

    @Test
    void anUnknownSessionIs404AndNothingEnds(AgentBox agent) throws Exception {
        Session s = login(agent);
        String before = listSessions(agent);

        AgentHttp.Response terminate = agent.http().post("/api/v1/system/login/sessions/9999/terminate", "");
        AgentHttp.Response show = agent.http().get("/api/v1/system/login/sessions/9999");

        assertThat(terminate.status()).isEqualTo(404);
        assertThat(terminate.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(show.status()).isEqualTo(404);
        assertThat(listSessions(agent)).isEqualTo(before);
        assertThat(sessionsOf(agent, s.user())).contains(s.id());
    }

    @Test
    void anUnknownUserIs404AndABadSignalIs400AndNothingIsKilled(AgentBox agent) throws Exception {
        Session s = login(agent);

        AgentHttp.Response unknown = agent.http().get("/api/v1/system/login/users/4000000");
        AgentHttp.Response killUnknown = agent.http().post("/api/v1/system/login/users/4000000/kill", "{}");
        AgentHttp.Response badSignal = agent.http().post("/api/v1/system/login/users/" + s.uid() + "/kill",
                "{\"signal\":\"SIGFOO\"}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(killUnknown.status()).isEqualTo(404);
        assertThat(badSignal.status()).isEqualTo(400);
        assertThat(json(badSignal).get("errors").get(0).get("field").asText()).isEqualTo("signal");
        assertThat(sleeping(agent, s.user())).isTrue();
        assertThat(sessionsOf(agent, s.user())).contains(s.id());
    }
}
