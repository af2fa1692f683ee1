package dev.gantry.agent.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.accounts.AccountFiles;
import dev.gantry.agent.backend.accounts.ShadowTools;
import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes in memory over an /etc of the test's own; the shadow tools are not run but recorded (a
 * new account is appended to the test's files as useradd would), so nothing of this host changes.
 * What the real tools do is tested in a box (AccountsIT).
 */
class AccountsModuleTest {
    @TempDir
    Path etc;
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();
    private final List<String> stdins = new CopyOnWriteArrayList<>();
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                gantry:x:999:999::/var/lib/gantry:/usr/sbin/nologin
                alice:x:1000:1000:Alice A,,,:/home/alice:/bin/bash
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                daemon:x:1:
                sudo:x:27:alice
                gantry:x:999:
                alice:x:1000:
                staff:x:1500:alice,bob
                """);
        Files.writeString(etc.resolve("shadow"), """
                root:*:19000:0:99999:7:::
                alice:$6$abc$def:19000:0:99999:7:::
                """);
        Files.writeString(etc.resolve("login.defs"), "# comment\nUID_MIN\t\t\t 1000\nUID_MAX 60000\nGID_MIN 1000\n");
        ShadowTools tools = new ShadowTools((argv, stdin) -> {
            commands.add(argv);
            stdins.add(new String(stdin, StandardCharsets.UTF_8));
            if (argv.getFirst().equals("useradd")) {
                append("passwd", argv.getLast() + ":x:1001:1001::/home/" + argv.getLast() + ":/bin/sh");
            } else if (argv.getFirst().equals("usermod") && argv.contains("-l")) {
                rename("passwd", argv.getLast(), argv.get(argv.indexOf("-l") + 1));
            } else if (argv.getFirst().equals("groupadd")) {
                append("group", argv.getLast() + ":x:1600:");
            }
            return new Command.Result(argv, 0, "", "");
        });
        AccountsModule module = new AccountsModule(new AccountFiles(etc), tools, Set.of("root", "gantry"),
                Set.of("root", "gantry", "gantry-admin"));
        dispatcher = new Dispatcher(new Routes("/api/v1").add(module).all());
    }

    private void append(String file, String line) {
        try {
            Files.writeString(etc.resolve(file), line + "\n", StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void rename(String file, String from, String to) {
        try {
            Path path = etc.resolve(file);
            Files.writeString(path, Files.readString(path).replaceFirst("(?m)^" + from + ":", to + ":"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        int q = path.indexOf('?');
        RawResponse r = dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1), Map.of("Content-Type", "application/json")::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), Authenticator.none());
        return new Answer(r.status(), r.body().length == 0 ? null : Json.mapper().readTree(r.body()));
    }

    @Test
    void aUserShowsItsGroupsPasswordStateAndWhetherItIsASystemAccount() throws Exception {
        Answer alice = call("GET", "/api/v1/accounts/users/alice", null);

        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.json().toString()).isEqualTo("{\"name\":\"alice\",\"uid\":1000,\"gid\":1000,\"group\":\"alice\","
                + "\"groups\":[\"sudo\",\"staff\"],\"comment\":\"Alice A,,,\",\"home\":\"/home/alice\",\"shell\":\"/bin/bash\","
                + "\"passwordState\":\"usable\",\"system\":false}");
        Answer all = call("GET", "/api/v1/accounts/users", null);
        assertThat(all.json().findValuesAsText("name")).containsExactly("root", "daemon", "gantry", "alice");
        assertThat(all.json().get(0).get("passwordState").asText()).isEqualTo("locked");
        assertThat(all.json().get(1).get("passwordState").asText()).isEqualTo("unknown");
        assertThat(all.json().get(1).get("system").asBoolean()).isTrue();
        assertThat(call("GET", "/api/v1/accounts/users/nobody2", null).status()).isEqualTo(404);
    }

    @Test
    void addingAUserRunsUseraddWithDashDashThenChpasswdWithOnlyTheHash() throws Exception {
        Answer added = call("POST", "/api/v1/accounts/users", """
                {"name":"carol","uid":1700,"gid":1500,"groups":["sudo"],"comment":"-c Carol","home":"/home/carol",
                 "shell":"/bin/bash","password":"s3cret pass"}""");

        assertThat(added.status()).isEqualTo(201);
        assertThat(commands.getFirst()).containsExactly("useradd", "-u", "1700", "-g", "1500", "-G", "sudo", "-c",
                "-c Carol", "-d", "/home/carol", "-s", "/bin/bash", "-m", "--", "carol");
        assertThat(commands.get(1)).containsExactly("chpasswd", "-e");
        String line = stdins.get(1);
        assertThat(line).startsWith("carol:$6$").endsWith("\n").doesNotContain("s3cret");
        String hash = line.substring("carol:".length(), line.length() - 1);
        String salt = hash.substring(0, hash.lastIndexOf('$'));
        assertThat(Sha2Crypt.sha512Crypt("s3cret pass".getBytes(StandardCharsets.UTF_8), salt)).isEqualTo(hash);
        assertThat(commands.stream().flatMap(List::stream)).noneMatch(a -> a.contains("s3cret"));
        assertThat(added.json().toString()).doesNotContain("s3cret").doesNotContain("$6$");
    }

    @Test
    void aUserWithoutOptionsGetsAHomeAndNoPassword() throws Exception {
        assertThat(call("POST", "/api/v1/accounts/users", "{\"name\":\"dave\"}").status()).isEqualTo(201);
        assertThat(commands).containsExactly(List.of("useradd", "-m", "--", "dave"));
    }

    @Test
    void invalidNamesAre400AndRunNothing() throws Exception {
        for (String name : new String[] {"-rf", "Root", "1abc", "a b", "a:b", "x".repeat(33), "", "a$b", "../x"}) {
            Answer a = call("POST", "/api/v1/accounts/users", "{\"name\":" + Json.mapper().writeValueAsString(name) + "}");
            assertThat(a.status()).as(name).isEqualTo(400);
            assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
        }
        assertThat(call("DELETE", "/api/v1/accounts/users/-rf", null).status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/accounts/groups", "{\"name\":\"-g\"}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/accounts/users", "{\"name\":\"ok\",\"groups\":[\"-G\"],\"home\":\"rel/x\","
                + "\"comment\":\"a:b\",\"passwordHash\":\"x\\ny\"}").json().get("errors")).hasSize(4);
        assertThat(commands).isEmpty();
    }

    @Test
    void passwordsAreNeverEchoedInProblems() throws Exception {
        Answer both = call("POST", "/api/v1/accounts/users", "{\"name\":\"erin\",\"password\":\"hunter2\","
                + "\"passwordHash\":\"$6$a$b\"}");
        assertThat(both.status()).isEqualTo(400);
        Answer bad = call("POST", "/api/v1/accounts/users", "{\"name\":\"erin\",\"passwordHash\":\"hunter2:0\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(both.json().toString() + bad.json()).doesNotContain("hunter2");
        assertThat(commands).isEmpty();
    }

    @Test
    void duplicatesAre409AndRunNothing() throws Exception {
        assertThat(call("POST", "/api/v1/accounts/users", "{\"name\":\"alice\"}").status()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/accounts/users", "{\"name\":\"zed\",\"uid\":1000}").status()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/accounts/users", "{\"name\":\"staff\"}").status()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/accounts/groups", "{\"name\":\"staff\"}").status()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/accounts/groups", "{\"name\":\"new\",\"gid\":27}").status()).isEqualTo(409);
        assertThat(call("PATCH", "/api/v1/accounts/groups/staff", "{\"name\":\"sudo\"}").status()).isEqualTo(409);
        assertThat(commands).isEmpty();
    }

    @Test
    void unknownGroupsAndMembersAre400NamingTheEntry() throws Exception {
        Answer a = call("POST", "/api/v1/accounts/users", "{\"name\":\"zed\",\"groups\":[\"sudo\",\"nogroup9\"],\"gid\":4242}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").findValuesAsText("field")).containsExactly("gid", "groups[1]");
        Answer g = call("POST", "/api/v1/accounts/groups", "{\"name\":\"team\",\"members\":[\"alice\",\"ghost\"]}");
        assertThat(g.json().get("errors").get(0).get("field").asText()).isEqualTo("members[1]");
        assertThat(commands).isEmpty();
    }

    @Test
    void systemAccountsNeedForceAndRootAndTheAgentNeverGo() throws Exception {
        Answer daemon = call("DELETE", "/api/v1/accounts/users/daemon", null);
        assertThat(daemon.status()).isEqualTo(409);
        assertThat(daemon.json().get("type").asText()).endsWith("/protected-account");
        assertThat(call("DELETE", "/api/v1/accounts/users/root?force=true", null).status()).isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/accounts/users/gantry?force=true", null).status()).isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/accounts/groups/sudo", null).status()).isEqualTo(409);
        assertThat(commands).isEmpty();

        assertThat(call("DELETE", "/api/v1/accounts/users/daemon?force=true", null).status()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/accounts/users/alice?removeHome=true", null).status()).isEqualTo(204);
        assertThat(commands).containsExactly(List.of("userdel", "--", "daemon"), List.of("userdel", "-r", "--", "alice"));
    }

    @Test
    void thePrimaryGroupOfAUserIsNotDeleted() throws Exception {
        Answer a = call("DELETE", "/api/v1/accounts/groups/alice", null);
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.json().get("detail").asText()).isEqualTo("group alice is the primary group of user alice");
    }

    @Test
    void modifyPassesOnlyTheChangesAndReplacesGroups() throws Exception {
        Answer a = call("PATCH", "/api/v1/accounts/users/alice", "{\"shell\":\"/bin/sh\",\"groups\":[]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(commands).containsExactly(List.of("usermod", "-G", "", "-s", "/bin/sh", "--", "alice"));
        assertThat(call("PATCH", "/api/v1/accounts/users/alice", "{}").status()).isEqualTo(400);
        assertThat(call("PATCH", "/api/v1/accounts/users/alice", "{\"moveHome\":true}").status()).isEqualTo(400);
    }

    @Test
    void groupsAreAddedRenamedAndGivenMembersWithGroupTools() throws Exception {
        assertThat(call("POST", "/api/v1/accounts/groups", "{\"name\":\"team\",\"gid\":1600,\"members\":[\"alice\"]}")
                .status()).isEqualTo(201);
        assertThat(call("PATCH", "/api/v1/accounts/groups/staff", "{\"members\":[]}").status()).isEqualTo(200);
        assertThat(commands).containsExactly(List.of("groupadd", "-g", "1600", "-U", "alice", "--", "team"),
                List.of("groupmod", "-U", "", "--", "staff"));
        Answer staff = call("GET", "/api/v1/accounts/groups/staff", null);
        assertThat(staff.json().toString()).isEqualTo("{\"name\":\"staff\",\"gid\":1500,\"members\":[\"alice\",\"bob\"],"
                + "\"system\":false}");
    }

    @Test
    void unlockingAUserWithoutAPasswordIs409() throws Exception {
        append("passwd", "nopw:x:1100:1100::/home/nopw:/bin/sh");
        append("shadow", "nopw:!:19000:0:99999:7:::");
        assertThat(call("POST", "/api/v1/accounts/users/nopw/unlock", null).status()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/accounts/users/alice/lock", null).status()).isEqualTo(200);
        assertThat(commands).containsExactly(List.of("usermod", "-L", "--", "alice"));
    }

    @Test
    void theIdentityOfSystemAccountsChangesOnlyWithForceAndThatOfRootAndTheAgentNever() throws Exception {
        assertThat(call("PATCH", "/api/v1/accounts/users/daemon", "{\"name\":\"daemon2\"}").status()).isEqualTo(409);
        assertThat(call("PATCH", "/api/v1/accounts/users/root?force=true", "{\"uid\":5}").status()).isEqualTo(409);
        assertThat(call("PATCH", "/api/v1/accounts/users/gantry?force=true", "{\"home\":\"/x\"}").status())
                .isEqualTo(409);
        assertThat(call("PATCH", "/api/v1/accounts/groups/sudo", "{\"gid\":28}").status()).isEqualTo(409);
        assertThat(call("PATCH", "/api/v1/accounts/groups/gantry?force=true", "{\"name\":\"g2\"}").status())
                .isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/accounts/groups/gantry?force=true", null).status()).isEqualTo(409);
        assertThat(commands).isEmpty();

        assertThat(call("PATCH", "/api/v1/accounts/users/root", "{\"shell\":\"/bin/sh\",\"uid\":0}").status())
                .isEqualTo(200);
        assertThat(call("PATCH", "/api/v1/accounts/users/daemon?force=true", "{\"name\":\"daemon2\"}").status())
                .isEqualTo(200);
        assertThat(call("PATCH", "/api/v1/accounts/groups/sudo", "{\"members\":[]}").status()).isEqualTo(200);
        assertThat(commands).containsExactly(List.of("usermod", "-s", "/bin/sh", "--", "root"),
                List.of("usermod", "-l", "daemon2", "--", "daemon"), List.of("groupmod", "-U", "", "--", "sudo"));
    }
}
