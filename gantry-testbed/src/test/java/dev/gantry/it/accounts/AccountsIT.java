package dev.gantry.it.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.ExecResult;
import dev.gantry.testbed.WithAgentBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The accounts module of the installed agent (user gantry, its unit's capabilities) in a box. Every
 * effect is read back with the box's own tools: getent, id, passwd -S, stat, and openssl for the
 * password hash. Each test uses names of its own.
 */
@WithAgentBox
class AccountsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static ExecResult box(AgentBox agent, String... command) {
        return agent.box().exec(command);
    }

    private static String[] passwd(AgentBox agent, String name) {
        return box(agent, "getent", "passwd", name).orThrow().out().split(":", -1);
    }

    private static String passwordStatus(AgentBox agent, String name) {
        return box(agent, "passwd", "-S", name).orThrow().out().split(" ")[1];
    }

    private static String shadowHash(AgentBox agent, String name) {
        return box(agent, "getent", "shadow", name).orThrow().out().split(":")[1];
    }

    private static String snapshot(AgentBox agent) {
        return box(agent, "cat", "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow").orThrow().stdout();
    }

    @Test
    void anAddedUserHasItsGroupsHomeAndAPasswordThatVerifies(AgentBox agent) throws Exception {
        String password = "Corr3ct horse $battery";
        AgentHttp.Response added = agent.http().post("/api/v1/accounts/users", """
                {"name":"itanna","groups":["users"],"comment":"Anna IT","shell":"/bin/bash",
                 "password":"%s"}""".formatted(password));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.header("Location")).contains("/api/v1/accounts/users/itanna");
        assertThat(added.body()).doesNotContain(password).doesNotContain("$6$");
        String[] entry = passwd(agent, "itanna");
        assertThat(entry[4]).isEqualTo("Anna IT");
        assertThat(entry[5]).isEqualTo("/home/itanna");
        assertThat(entry[6]).isEqualTo("/bin/bash");
        assertThat(box(agent, "id", "-nG", "itanna").orThrow().out().split(" ")).contains("itanna", "users");
        assertThat(box(agent, "stat", "-c", "%U:%G", "/home/itanna").orThrow().out()).isEqualTo("itanna:itanna");
        assertThat(passwordStatus(agent, "itanna")).isEqualTo("P");
        String hash = shadowHash(agent, "itanna");
        assertThat(hash).startsWith("$6$");
        String salt = hash.split("\\$")[2];
        assertThat(box(agent, "openssl", "passwd", "-6", "-salt", salt, password).orThrow().out()).isEqualTo(hash);
        assertThat(agent.journal(500)).doesNotContain(password);

        JsonNode shown = json(agent.http().get("/api/v1/accounts/users/itanna"));
        assertThat(shown.get("uid").asLong()).isEqualTo(Long.parseLong(entry[2]));
        assertThat(shown.get("groups").toString()).isEqualTo("[\"users\"]");
        assertThat(shown.get("passwordState").asText()).isEqualTo("usable");
        assertThat(shown.get("system").asBoolean()).isFalse();
    }

    @Test
    void aGivenHashIsStoredAsItIs(AgentBox agent) throws Exception {
        String hash = box(agent, "openssl", "passwd", "-6", "-salt", "itsaltsalt", "pw from a hash").orThrow().out();

        AgentHttp.Response added = agent.http().post("/api/v1/accounts/users",
                "{\"name\":\"ithash\",\"uid\":1777,\"createHome\":false,\"passwordHash\":\"" + hash + "\"}");

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(shadowHash(agent, "ithash")).isEqualTo(hash);
        assertThat(passwd(agent, "ithash")[2]).isEqualTo("1777");
        assertThat(box(agent, "test", "-e", "/home/ithash").succeeded()).isFalse();
    }

    @Test
    void lockAndUnlockShowInPasswdStatus(AgentBox agent) throws Exception {
        assertThat(agent.http().post("/api/v1/accounts/users", "{\"name\":\"itlock\",\"password\":\"pw1\"}").status())
                .isEqualTo(201);

        AgentHttp.Response locked = agent.http().post("/api/v1/accounts/users/itlock/lock", "");
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        assertThat(json(locked).get("passwordState").asText()).isEqualTo("locked");
        assertThat(passwordStatus(agent, "itlock")).isEqualTo("L");

        AgentHttp.Response unlocked = agent.http().post("/api/v1/accounts/users/itlock/unlock", "");
        assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);
        assertThat(passwordStatus(agent, "itlock")).isEqualTo("P");
    }

    @Test
    void unlockingAUserWithoutPasswordIs409AndLeavesItLocked(AgentBox agent) throws Exception {
        assertThat(agent.http().post("/api/v1/accounts/users", "{\"name\":\"itnopw\"}").status()).isEqualTo(201);
        assertThat(passwordStatus(agent, "itnopw")).isEqualTo("L");

        AgentHttp.Response r = agent.http().post("/api/v1/accounts/users/itnopw/unlock", "");

        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(passwordStatus(agent, "itnopw")).isEqualTo("L");
    }

    @Test
    void aUserIsChangedRenamedAndDeletedWithItsHome(AgentBox agent) throws Exception {
        assertThat(agent.http().post("/api/v1/accounts/users", "{\"name\":\"itmod\",\"groups\":[\"users\"]}").status())
                .isEqualTo(201);

        AgentHttp.Response changed = agent.http().send("PATCH", "/api/v1/accounts/users/itmod", JSON_BODY,
                "{\"name\":\"itmod2\",\"shell\":\"/bin/sh\",\"comment\":\"changed\",\"groups\":[],\"password\":\"new pw\"}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(box(agent, "getent", "passwd", "itmod").exitCode()).isEqualTo(2);
        String[] entry = passwd(agent, "itmod2");
        assertThat(entry[4]).isEqualTo("changed");
        assertThat(entry[6]).isEqualTo("/bin/sh");
        assertThat(box(agent, "id", "-nG", "itmod2").orThrow().out()).doesNotContain("users");
        String hash = shadowHash(agent, "itmod2");
        assertThat(box(agent, "openssl", "passwd", "-6", "-salt", hash.split("\\$")[2], "new pw").orThrow().out())
                .isEqualTo(hash);

        AgentHttp.Response deleted = agent.http().delete("/api/v1/accounts/users/itmod2?removeHome=true");

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(box(agent, "getent", "passwd", "itmod2").exitCode()).isEqualTo(2);
        assertThat(box(agent, "test", "-e", "/home/itmod").succeeded()).isFalse();
        assertThat(agent.http().delete("/api/v1/accounts/users/itmod2").status()).isEqualTo(404);
    }

    @Test
    void badNamesDuplicatesAndProtectedAccountsChangeNothing(AgentBox agent) throws Exception {
        String before = snapshot(agent);

        for (String body : new String[] {"{\"name\":\"-rf\"}", "{\"name\":\"Bad Name\"}", "{\"name\":\"x:0:0\"}",
                "{\"name\":\"itbad\",\"groups\":[\"-G\"]}", "{\"name\":\"itbad\",\"home\":\"/home/../etc\"}"}) {
            AgentHttp.Response r = agent.http().post("/api/v1/accounts/users", body);
            assertThat(r.status()).as(body + ": " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        AgentHttp.Response duplicate = agent.http().post("/api/v1/accounts/users", "{\"name\":\"root\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        AgentHttp.Response duplicateGroup = agent.http().post("/api/v1/accounts/groups", "{\"name\":\"users\"}");
        assertThat(duplicateGroup.status()).isEqualTo(409);
        AgentHttp.Response daemon = agent.http().delete("/api/v1/accounts/users/daemon");
        assertThat(daemon.status()).isEqualTo(409);
        assertThat(json(daemon).get("type").asText()).endsWith("/protected-account");
        assertThat(agent.http().delete("/api/v1/accounts/users/root?force=true").status()).isEqualTo(409);
        assertThat(agent.http().delete("/api/v1/accounts/users/gantry?force=true").status()).isEqualTo(409);
        assertThat(agent.http().delete("/api/v1/accounts/groups/adm").status()).isEqualTo(409);
        assertThat(agent.http().delete("/api/v1/accounts/users/-rf").status()).isEqualTo(400);
        assertThat(agent.http().send("PATCH", "/api/v1/accounts/users/daemon", JSON_BODY, "{\"name\":\"daemon2\"}")
                .status()).isEqualTo(409);
        assertThat(agent.http().send("PATCH", "/api/v1/accounts/users/gantry?force=true", JSON_BODY, "{\"uid\":4242}")
                .status()).isEqualTo(409);
        assertThat(agent.http().send("PATCH", "/api/v1/accounts/groups/gantry-admin?force=true", JSON_BODY,
                "{\"name\":\"x\"}").status()).isEqualTo(409);

        assertThat(snapshot(agent)).isEqualTo(before);
        assertThat(box(agent, "getent", "passwd", "daemon").succeeded()).isTrue();
    }

    @Test
    void aGroupIsAddedGivenMembersRenamedAndDeleted(AgentBox agent) throws Exception {
        assertThat(agent.http().post("/api/v1/accounts/users", "{\"name\":\"itmember\",\"createHome\":false}").status())
                .isEqualTo(201);

        AgentHttp.Response added = agent.http().post("/api/v1/accounts/groups",
                "{\"name\":\"itteam\",\"gid\":1888,\"members\":[\"itmember\"]}");

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(box(agent, "getent", "group", "itteam").orThrow().out()).isEqualTo("itteam:x:1888:itmember");
        assertThat(box(agent, "id", "-nG", "itmember").orThrow().out()).contains("itteam");

        AgentHttp.Response renamed = agent.http().send("PATCH", "/api/v1/accounts/groups/itteam", JSON_BODY,
                "{\"name\":\"itcrew\",\"members\":[]}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(box(agent, "getent", "group", "itteam").exitCode()).isEqualTo(2);
        assertThat(box(agent, "getent", "group", "itcrew").orThrow().out()).isEqualTo("itcrew:x:1888:");
        assertThat(json(renamed).get("members").size()).isZero();

        assertThat(agent.http().delete("/api/v1/accounts/groups/itcrew").status()).isEqualTo(204);
        assertThat(box(agent, "getent", "group", "itcrew").exitCode()).isEqualTo(2);
    }

    @Test
    void listsReadTheBoxDatabases(AgentBox agent) throws Exception {
        JsonNode users = json(agent.http().get("/api/v1/accounts/users"));
        JsonNode groups = json(agent.http().get("/api/v1/accounts/groups"));
        // The files themselves, not getent: NSS may add accounts (systemd's dynamic users) the agent does not manage.
        long passwdLines = box(agent, "cat", "/etc/passwd").orThrow().out().lines().filter(l -> !l.isBlank()).count();

        assertThat((long) users.size()).isEqualTo(passwdLines);
        assertThat(users.get(0).get("name").asText()).isEqualTo("root");
        assertThat(users.get(0).get("system").asBoolean()).isTrue();
        assertThat(groups.findValuesAsText("name")).contains("root", "users", "gantry");
    }
}
