package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** gantry user against a RecordingAgent: the request each command sends and how it shows the answer. */
class UserCommandTest {
    private static final String ANNA = """
            {"name":"anna","uid":1001,"gid":1001,"group":"anna","groups":["users","sudo"],"comment":"Anna",
             "home":"/home/anna","shell":"/bin/bash","passwordState":"usable","system":false}""";

    /** Runs with {@code stdin} as the process's standard input, as a pipe would give it. */
    private static Cli.Run withStdin(String stdin, Supplier<Cli.Run> run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void listShowsATableAndCanLeaveOutSystemAccounts() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/accounts/users", 200, "[{\"name\":\"root\",\"uid\":0,\"gid\":0,\"group\":\"root\","
                    + "\"groups\":[],\"comment\":\"root\",\"home\":\"/root\",\"shell\":\"/bin/bash\","
                    + "\"passwordState\":\"locked\",\"system\":true}," + ANNA + "]");

            Cli.Run all = agent.gantry("user", "list");
            Cli.Run some = agent.gantry("user", "list", "--no-system");

            assertThat(all.exit()).isZero();
            assertThat(all.out()).isEqualTo("""
                    NAME   UID    GROUP   GROUPS       HOME         SHELL       PASSWORD
                    root   0      root    -            /root        /bin/bash   locked
                    anna   1001   anna    users,sudo   /home/anna   /bin/bash   usable
                    """);
            assertThat(some.out()).doesNotContain("root").contains("anna");
            assertThat(agent.requests()).extracting(RecordingAgent.Request::target)
                    .containsOnly("/api/v1/accounts/users");
        }
    }

    @Test
    void showPrintsTheUsersDetails() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/accounts/users/anna", 200, ANNA);

            Cli.Run run = agent.gantry("user", "show", "anna");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("""
                    Name:      anna
                    UID:       1001
                    Group:     anna (1001)
                    Groups:    users,sudo
                    Comment:   Anna
                    Home:      /home/anna
                    Shell:     /bin/bash
                    Password:  usable
                    System:    no
                    """);
        }
    }

    @Test
    void addSendsEveryOptionAndThePasswordFromStdinOnly() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/accounts/users", 201, ANNA);

            Cli.Run run = withStdin("s3cret pw\nignored\n", () -> agent.gantry("user", "add", "anna", "--uid", "1001",
                    "--groups", "users,sudo", "--comment", "Anna", "--shell", "/bin/bash", "--password-stdin"));

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/accounts/users",
                    "{\"name\":\"anna\",\"uid\":1001,\"groups\":[\"users\",\"sudo\"],\"comment\":\"Anna\","
                            + "\"shell\":\"/bin/bash\",\"password\":\"s3cret pw\"}"));
            assertThat(run.out()).startsWith("Name:      anna\n").doesNotContain("s3cret");
        }
    }

    @Test
    void aHashFromStdinGoesAsPasswordHashAndNoHomeIsAsked() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/accounts/users", 201, ANNA);

            Cli.Run run = withStdin("$6$salt$hash\n", () -> agent.gantry("user", "add", "anna", "--no-create-home",
                    "--password-stdin", "--hashed"));

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().body()).isEqualTo(
                    "{\"name\":\"anna\",\"createHome\":false,\"passwordHash\":\"$6$salt$hash\"}");
        }
    }

    @Test
    void thereIsNoPasswordArgumentAndHashedNeedsStdin() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            Cli.Run withArgument = agent.gantry("user", "add", "anna", "--password", "x");
            Cli.Run hashedAlone = agent.gantry("user", "add", "anna", "--hashed");

            assertThat(withArgument.exit()).isEqualTo(Gantry.EXIT_USAGE);
            assertThat(hashedAlone.exit()).isEqualTo(Gantry.EXIT_USAGE);
            assertThat(hashedAlone.err()).contains("--password-stdin");
            assertThat(agent.requests()).isEmpty();
        }
    }

    @Test
    void modifySendsOnlyTheChangesAndNoGroupsClearsThem() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/accounts/users/anna", 200, ANNA);

            Cli.Run run = agent.gantry("user", "modify", "anna", "--name", "anna2", "--no-groups", "--home",
                    "/srv/anna", "--move-home");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH", "/api/v1/accounts/users/anna",
                    "{\"name\":\"anna2\",\"groups\":[],\"home\":\"/srv/anna\",\"moveHome\":true}"));

            Cli.Run nothing = agent.gantry("user", "modify", "anna");
            assertThat(nothing.exit()).isEqualTo(Gantry.EXIT_USAGE);
            assertThat(agent.requests()).hasSize(1);
        }
    }

    @Test
    void modifyCanSetAPasswordFromStdin() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/accounts/users/anna", 200, ANNA);

            Cli.Run run = withStdin("new pw\r\n", () -> agent.gantry("user", "modify", "anna", "--password-stdin"));

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().body()).isEqualTo("{\"password\":\"new pw\"}");
        }
    }

    @Test
    void removeSendsItsFlagsAsQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("DELETE", "/api/v1/accounts/users/daemon", 204, "");

            Cli.Run run = agent.gantry("user", "remove", "daemon", "--remove-home", "--force");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("DELETE",
                    "/api/v1/accounts/users/daemon?removeHome=true&force=true", ""));
            assertThat(run.out()).isEqualTo("removed user daemon and its home\n");
        }
    }

    @Test
    void aProtectedAccountIsReportedAndExits1() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("DELETE", "/api/v1/accounts/users/daemon", 409, """
                    {"type":"https://gantry.dev/problems/protected-account","title":"Protected account","status":409,
                     "detail":"user daemon is a system account; add force=true to delete it"}""");

            Cli.Run run = agent.gantry("user", "remove", "daemon");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.err()).contains("user daemon is a system account");
        }
    }

    @Test
    void lockAndUnlockPostWithoutABody() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/accounts/users/anna/lock", 200, ANNA.replace("usable", "locked"));
            agent.on("POST", "/api/v1/accounts/users/anna/unlock", 200, ANNA);

            Cli.Run lock = agent.gantry("user", "lock", "anna");
            Cli.Run unlock = agent.gantry("user", "unlock", "anna");

            assertThat(lock.exit()).isZero();
            assertThat(lock.out()).contains("Password:  locked");
            assertThat(unlock.out()).contains("Password:  usable");
            assertThat(agent.requests()).containsExactly(
                    new RecordingAgent.Request("POST", "/api/v1/accounts/users/anna/lock", ""),
                    new RecordingAgent.Request("POST", "/api/v1/accounts/users/anna/unlock", ""));
        }
    }

    @Test
    void modifyWithForceSendsItAsQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/accounts/users/daemon", 200, ANNA);

            Cli.Run run = agent.gantry("user", "modify", "daemon", "--uid", "5", "--force");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH",
                    "/api/v1/accounts/users/daemon?force=true", "{\"uid\":5}"));
        }
    }
}
