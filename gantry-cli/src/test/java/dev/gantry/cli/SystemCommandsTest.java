package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry system}, {@code hostname}, {@code time} and {@code login} against a recording agent:
 * the request each sends and how the answer is shown. The real effects are tested against the agent
 * in a systemd box (gantry-testbed, dev.gantry.it.system).
 */
class SystemCommandsTest {
    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    static final String NAMES = """
            {"static":"web-4","transient":"web-4","pretty":"Web server 4","chassis":"server","deployment":"production",
             "location":"Berlin, rack 4","iconName":"computer-server","hardwareVendor":"ACME","hardwareModel":"X1"}""";

    static final String TIME = """
            {"timezone":"Europe/Berlin","localRtc":false,"canNtp":true,"ntp":true,"ntpSynchronized":true,
             "time":"2026-05-31T12:00:00Z","rtcTime":"2026-05-31T11:59:59Z"}""";

    @Test
    void systemShowsTheHostAtAGlanceInLocalTime() {
        agent.on("GET", "/api/v1/system", 200, """
                {"os":{"id":"debian","idLike":[],"name":"Debian GNU/Linux","prettyName":"Debian GNU/Linux 12 (bookworm)"},
                 "kernel":{"name":"Linux","release":"6.1.0-18-amd64","version":"#1 SMP","machine":"x86_64"},
                 "hostname":"web-4","uptime":93784,"bootedAt":"2026-05-30T09:56:56Z","bootId":"b1","machineId":"m1",
                 "virtualization":"kvm","time":{"now":"2026-05-31T12:00:00Z","timezone":"UTC",
                 "localTime":"2026-05-31T12:00:00Z"},"systemd":{"version":"252.39-1~deb12u2","state":"running"}}""");

        Cli.Run run = agent.gantry("system");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/system", ""));
        assertThat(run.out()).isEqualTo("""
                Hostname:          web-4
                Operating system:  Debian GNU/Linux 12 (bookworm)
                Kernel:            Linux 6.1.0-18-amd64 x86_64
                Virtualization:    kvm
                Machine ID:        m1
                Boot ID:           b1
                Booted:            2026-05-30 11:56:56
                Uptime:            1d 2h
                Time:              2026-05-31 14:00:00
                Time zone:         UTC
                systemd:           252.39-1~deb12u2 (running)
                """);
    }

    @Test
    void hostnameShowPrintsEveryName() {
        agent.on("GET", "/api/v1/system/hostname", 200, NAMES);

        Cli.Run run = agent.gantry("hostname", "show");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo("/api/v1/system/hostname");
        assertThat(run.out()).isEqualTo("""
                Static hostname:     web-4
                Transient hostname:  web-4
                Pretty hostname:     Web server 4
                Chassis:             server
                Deployment:          production
                Location:            Berlin, rack 4
                Icon name:           computer-server
                Hardware:            ACME X1
                """);
    }

    @Test
    void hostnameSetSendsOnlyTheGivenFieldsAndShowsTheResult() throws Exception {
        agent.on("PUT", "/api/v1/system/hostname", 200, NAMES);

        Cli.Run run = agent.gantry("hostname", "set", "--static", "web-4", "--pretty", "Web server 4",
                "--location", "");

        assertThat(run.exit()).as(run.err()).isZero();
        RecordingAgent.Request sent = agent.only();
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.target()).isEqualTo("/api/v1/system/hostname");
        assertThat(Json.parse(sent.body())).isEqualTo(Json.parse(
                "{\"static\":\"web-4\",\"pretty\":\"Web server 4\",\"location\":\"\"}"));
        assertThat(run.out()).startsWith("Static hostname:     web-4\n");
    }

    @Test
    void hostnameSetWithoutOptionsIsAUsageErrorAndSendsNothing() {
        Cli.Run run = agent.gantry("hostname", "set");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry: give at least one of --static, --transient, --pretty");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void hostnameSetShowsTheAgentsValidationProblem() {
        agent.on("PUT", "/api/v1/system/hostname", 400, """
                {"type":"https://gantry.dev/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"static: a hostname","errors":[{"field":"static","code":"hostname","message":"a hostname",
                 "rejected":"-bad-"}]}""");

        Cli.Run run = agent.gantry("hostname", "set", "--static", "-bad-");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Invalid request", "static");
    }

    @Test
    void timeShowPrintsZoneClockAndNtp() {
        agent.on("GET", "/api/v1/system/time", 200, TIME);

        Cli.Run run = agent.gantry("time", "show");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                Time zone:        Europe/Berlin
                Time:             2026-05-31 14:00:00
                RTC time:         2026-05-31 13:59:59
                NTP:              on
                Synchronized:     yes
                RTC in local TZ:  no
                """);
    }

    @Test
    void timeSetSendsZoneNtpTimeAndRtcMode() throws Exception {
        agent.on("PUT", "/api/v1/system/time", 200, TIME);

        Cli.Run run = agent.gantry("time", "set", "--timezone", "Europe/Berlin", "--ntp", "off",
                "--time", "2026-05-31T12:00:00Z", "--local-rtc", "off", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        RecordingAgent.Request sent = agent.only();
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.target()).isEqualTo("/api/v1/system/time");
        assertThat(Json.parse(sent.body())).isEqualTo(Json.parse(
                "{\"timezone\":\"Europe/Berlin\",\"ntp\":false,\"time\":\"2026-05-31T12:00:00Z\",\"localRtc\":false}"));
        assertThat(Json.parse(run.out())).isEqualTo(Json.parse(TIME));
    }

    @Test
    void timeSetRejectsAWordThatIsNotOnOrOffAndATimeThatIsNoInstant() {
        Cli.Run ntp = agent.gantry("time", "set", "--ntp", "maybe");
        Cli.Run time = agent.gantry("time", "set", "--time", "tomorrow");

        assertThat(ntp.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(ntp.err()).contains("expected on or off, not 'maybe'");
        assertThat(time.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(time.err()).contains("expected an ISO-8601 instant");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void loginUsersListsUsersInATable() {
        agent.on("GET", "/api/v1/system/login/users", 200, """
                [{"uid":0,"name":"root","gid":0,"state":"active","linger":false,"idle":false,
                  "loginAt":"2026-05-31T11:00:00Z","sessions":["3","5"]},
                 {"uid":1000,"name":"ann","gid":1000,"state":"lingering","linger":true,"idle":false,"sessions":[]}]""");

        Cli.Run run = agent.gantry("login", "users");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                UID    USER   STATE       LINGER   SINCE                 SESSIONS
                0      root   active      no       2026-05-31 13:00:00   3,5
                1000   ann    lingering   yes      -                     -
                """);
    }

    @Test
    void loginUsersWithAUidShowsThatUser() {
        agent.on("GET", "/api/v1/system/login/users/1000", 200, """
                {"uid":1000,"name":"ann","gid":1000,"state":"active","linger":false,"idle":false,
                 "loginAt":"2026-05-31T11:00:00Z","runtimePath":"/run/user/1000","slice":"user-1000.slice",
                 "sessions":["4"]}""");

        Cli.Run run = agent.gantry("login", "users", "1000");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                UID:          1000
                User:         ann
                GID:          1000
                State:        active
                Linger:       no
                Since:        2026-05-31 13:00:00
                Sessions:     4
                Display:      -
                Runtime dir:  /run/user/1000
                Slice:        user-1000.slice
                """);
    }

    @Test
    void loginSessionsListsSessionsAndOneCanBeShown() {
        agent.on("GET", "/api/v1/system/login/sessions", 200, """
                [{"id":"4","uid":1000,"user":"ann","seat":"seat0","tty":"tty1","remote":false,"service":"login",
                  "type":"tty","class":"user","state":"active","active":true,"idle":false,"leader":812,
                  "createdAt":"2026-05-31T11:00:00Z"}]""");
        agent.on("GET", "/api/v1/system/login/sessions/4", 200, """
                {"id":"4","uid":1000,"user":"ann","remote":true,"remoteHost":"10.0.0.9","remoteUser":"ann",
                 "service":"sshd","type":"tty","class":"user","state":"active","active":true,"idle":false,
                 "leader":812,"scope":"session-4.scope","createdAt":"2026-05-31T11:00:00Z"}""");

        Cli.Run list = agent.gantry("login", "sessions");
        Cli.Run one = agent.gantry("login", "sessions", "4");

        assertThat(list.out()).isEqualTo("""
                ID   UID    USER   SEAT    TTY    SERVICE   TYPE   STATE    SINCE
                4    1000   ann    seat0   tty1   login     tty    active   2026-05-31 13:00:00
                """);
        assertThat(one.out()).isEqualTo("""
                ID:       4
                User:     ann (1000)
                Since:    2026-05-31 13:00:00
                State:    active, active
                Type:     tty / user
                Service:  sshd
                Seat:     -
                TTY:      -
                Display:  -
                Remote:   ann@10.0.0.9
                Leader:   812
                Scope:    session-4.scope
                """);
    }

    @Test
    void loginSeatsListsSeats() {
        agent.on("GET", "/api/v1/system/login/seats", 200, """
                [{"id":"seat0","activeSession":"4","canGraphical":false,"canTty":true,"sessions":["4","7"]}]""");

        Cli.Run run = agent.gantry("login", "seats");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                SEAT    ACTIVE   GRAPHICAL   TTY   SESSIONS
                seat0   4        no          yes   4,7
                """);
    }

    @Test
    void loginTerminatePostsWithoutABodyAndConfirms() {
        agent.on("POST", "/api/v1/system/login/sessions/4/terminate", 204, "");

        Cli.Run run = agent.gantry("login", "terminate", "4");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST",
                "/api/v1/system/login/sessions/4/terminate", ""));
        assertThat(run.out()).isEqualTo("terminated session 4\n");
    }

    @Test
    void loginTerminateOfAnUnknownSessionExitsOneWithTheProblem() {
        agent.on("POST", "/api/v1/system/login/sessions/99/terminate", 404, """
                {"type":"https://gantry.dev/problems/not-found","title":"Not found","status":404,
                 "detail":"no login session 99"}""");

        Cli.Run run = agent.gantry("login", "terminate", "99");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("gantry: Not found: no login session 99\n");
    }

    @Test
    void loginKillSendsTheSignalDefaultingToTerm() throws Exception {
        agent.on("POST", "/api/v1/system/login/users/1000/kill", 204, "");

        Cli.Run byDefault = agent.gantry("login", "kill", "1000");
        Cli.Run kill = agent.gantry("login", "kill", "1000", "--signal", "KILL");

        assertThat(byDefault.exit()).isZero();
        assertThat(byDefault.out()).isEqualTo("sent TERM to the processes of user 1000\n");
        assertThat(kill.exit()).isZero();
        assertThat(agent.requests()).extracting(r -> Json.parse(r.body()))
                .containsExactly(Json.parse("{\"signal\":\"TERM\"}"), Json.parse("{\"signal\":\"KILL\"}"));
        assertThat(agent.requests()).allMatch(r -> r.method().equals("POST")
                && r.target().equals("/api/v1/system/login/users/1000/kill"));
    }

    /** On this machine there is no system bus: the real agent answers 503, the CLI says so and exits 1. */
    @Test
    void againstARealAgentWithoutASystemBusHostnameShowExitsOneSayingTheBusIsUnavailable(@TempDir Path dir)
            throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/run/dbus/system_bus_socket")), "this machine has a system bus");
        try (TestAgent real = TestAgent.start(dir)) {
            Cli.Run run = Cli.run("--socket", real.socket.toString(), "hostname", "show");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).startsWith("gantry: The system D-Bus is unavailable");
        }
    }
}
