package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gantry pkg} against a recording stand-in: installing on this host is not a test's business.
 * The real routes are tested against apt in a box (gantry-testbed, PackagesIT).
 */
class PackagesCommandTest {
    private static final String JOB_ID = "2b1f4c52-7d0e-4c1a-9d8e-0f6b4c3a2e10";
    private static final String SUCCEEDED = """
            {"id":"%s","kind":"packages.install","description":"install hello","state":"succeeded",
             "progress":100,"message":"Installed hello (amd64)","owner":"root",
             "createdAt":"2026-05-31T12:00:00Z","startedAt":"2026-05-31T12:00:01Z",
             "finishedAt":"2026-05-31T12:00:09Z","result":{"manager":"apt","exitCode":0}}
            """.formatted(JOB_ID);
    private static final String QUEUED = """
            {"id":"%s","kind":"packages.install","description":"install hello","state":"queued","progress":0,
             "message":"queued","owner":"root","createdAt":"2026-05-31T12:00:00Z"}
            """.formatted(JOB_ID);

    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void listShowsInstalledPackagesAsATable() {
        agent.on("GET", "/api/v1/packages", 200, """
                [{"name":"bash","version":"5.2.15-2+b8","architecture":"amd64","status":"upgradable"},
                 {"name":"curl","version":"7.88.1-10+deb12u15","architecture":"amd64","repository":"oldstable",
                  "status":"installed"}]
                """);

        Cli.Run run = agent.gantry("pkg", "list");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/packages", ""));
        assertThat(run.out()).isEqualTo("""
                NAME   VERSION              ARCH    STATUS       REPOSITORY
                bash   5.2.15-2+b8          amd64   upgradable   -
                curl   7.88.1-10+deb12u15   amd64   installed    oldstable
                """);
    }

    @Test
    void listUpgradableWithANameFilterSendsBoth() {
        agent.on("GET", "/api/v1/packages", 200, "[]");

        Cli.Run run = agent.gantry("pkg", "list", "--upgradable", "--name", "ba");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo("/api/v1/packages?scope=upgradable&name=ba");
    }

    @Test
    void availableAndUpgradableTogetherAreAUsageError() {
        Cli.Run run = agent.gantry("pkg", "list", "--available", "--upgradable");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void infoShowsVersionsSizesAndDepends() {
        agent.on("GET", "/api/v1/packages/bash", 200, """
                {"name":"bash","architecture":"amd64","installedVersion":"5.2.15-2+b8",
                 "candidateVersion":"5.2.15-2+b13","installedSize":7335936,"downloadSize":1490652,
                 "summary":"GNU Bourne Again SHell","description":"GNU Bourne Again SHell",
                 "depends":["base-files (>= 2.1.12)","libc6 (>= 2.36)"],
                 "homepage":"http://tiswww.case.edu/php/chet/bash/bashtop.html"}
                """);

        Cli.Run run = agent.gantry("pkg", "info", "bash");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                Name:            bash
                Architecture:    amd64
                Installed:       5.2.15-2+b8
                Candidate:       5.2.15-2+b13
                Installed size:  7.0 MiB
                Download size:   1.4 MiB
                Repository:      -
                Summary:         GNU Bourne Again SHell
                Homepage:        http://tiswww.case.edu/php/chet/bash/bashtop.html
                License:         -
                Depends:         base-files (>= 2.1.12), libc6 (>= 2.36)
                """);
    }

    @Test
    void searchSendsTheQuery() {
        agent.on("GET", "/api/v1/packages/search", 200, """
                [{"name":"bash","summary":"GNU Bourne Again SHell"},{"name":"bash-doc","summary":"Documentation"}]
                """);

        Cli.Run run = agent.gantry("pkg", "search", "bash");

        assertThat(agent.only().target()).isEqualTo("/api/v1/packages/search?q=bash");
        assertThat(run.out()).isEqualTo("""
                NAME       SUMMARY
                bash       GNU Bourne Again SHell
                bash-doc   Documentation
                """);
    }

    @Test
    void installPostsTheNamesAndFollowsTheJobToItsEnd() {
        agent.on("POST", "/api/v1/packages/install", 202, QUEUED);
        agent.on("GET", "/api/v1/jobs/" + JOB_ID, 200, SUCCEEDED);

        Cli.Run run = agent.gantry("pkg", "install", "hello", "world");

        assertThat(run.exit()).isZero();
        List<RecordingAgent.Request> requests = agent.requests();
        assertThat(requests.getFirst()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/packages/install",
                "{\"packages\":[\"hello\",\"world\"]}"));
        assertThat(requests.get(1).target()).isEqualTo("/api/v1/jobs/" + JOB_ID + "?wait=0");
        assertThat(run.err()).isEqualTo("succeeded 100% Installed hello (amd64)\n");
        assertThat(run.out()).contains("State:        succeeded").contains("Result:       {\"manager\":\"apt\",\"exitCode\":0}");
    }

    @Test
    void aFailedJobExitsOneWithItsProblem() {
        agent.on("POST", "/api/v1/packages/install", 202, QUEUED);
        agent.on("GET", "/api/v1/jobs/" + JOB_ID, 200, """
                {"id":"%s","kind":"packages.install","state":"failed","progress":0,"message":"running",
                 "createdAt":"2026-05-31T12:00:00Z",
                 "problem":{"type":"https://gantry.dev/problems/package-transaction-failed","title":"apt install failed",
                            "status":422,"detail":"E: Unable to locate package nosuch"}}
                """.formatted(JOB_ID));

        Cli.Run run = agent.gantry("pkg", "install", "nosuch");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).contains("gantry: job " + JOB_ID + " failed")
                .contains("E: Unable to locate package nosuch");
    }

    @Test
    void aRunningTransactionIs409AndNothingIsFollowed() {
        agent.on("POST", "/api/v1/packages/install", 409, """
                {"type":"https://gantry.dev/problems/transaction-running","title":"A package transaction is running",
                 "status":409,"detail":"job %s is running a package transaction; one runs at a time"}
                """.formatted(JOB_ID));

        Cli.Run run = agent.gantry("pkg", "install", "hello");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).contains("job " + JOB_ID + " is running a package transaction");
        assertThat(agent.requests()).hasSize(1);
    }

    @Test
    void removeWithPurgeSaysSo() {
        agent.on("POST", "/api/v1/packages/remove", 202, QUEUED);

        Cli.Run run = agent.gantry("pkg", "remove", "--purge", "--no-wait", "hello");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/packages/remove",
                "{\"packages\":[\"hello\"],\"purge\":true}"));
        assertThat(run.out()).contains("State:        queued");
    }

    @Test
    void updateWithoutNamesUpdatesEverything() {
        agent.on("POST", "/api/v1/packages/update", 202, QUEUED);

        agent.gantry("pkg", "update", "--no-wait");

        assertThat(agent.only().body()).isEqualTo("{\"packages\":[]}");
    }

    @Test
    void downloadNeedsADirectory() {
        Cli.Run missing = agent.gantry("pkg", "download", "hello");
        agent.on("POST", "/api/v1/packages/download", 202, QUEUED);
        agent.gantry("pkg", "download", "--no-wait", "--dir", "/srv/debs", "hello");

        assertThat(missing.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(agent.only().body()).isEqualTo("{\"packages\":[\"hello\"],\"directory\":\"/srv/debs\"}");
    }

    @Test
    void cleanAndRefreshPostWithoutABody() {
        agent.on("POST", "/api/v1/packages/clean", 202, QUEUED);
        agent.on("POST", "/api/v1/packages/refresh", 202, QUEUED);

        agent.gantry("pkg", "clean", "--no-wait");
        agent.gantry("pkg", "refresh", "--no-wait");

        assertThat(agent.requests()).containsExactly(
                new RecordingAgent.Request("POST", "/api/v1/packages/clean", ""),
                new RecordingAgent.Request("POST", "/api/v1/packages/refresh", ""));
    }

    @Test
    void updatesShowsBothVersions() {
        agent.on("GET", "/api/v1/packages/updates", 200, """
                [{"name":"bash","architecture":"amd64","currentVersion":"5.2.15-2+b8","newVersion":"5.2.15-2+b13",
                  "repository":"oldstable"}]
                """);

        Cli.Run run = agent.gantry("pkg", "updates");

        assertThat(run.out()).isEqualTo("""
                NAME   ARCH    INSTALLED     AVAILABLE      REPOSITORY
                bash   amd64   5.2.15-2+b8   5.2.15-2+b13   oldstable
                """);
    }

    @Test
    void reposListsAndDisableSendsAPatch() {
        agent.on("GET", "/api/v1/packages/repositories", 200, """
                [{"id":"fedora","name":"Fedora 40 - x86_64","enabled":true},
                 {"id":"updates-testing","name":"Fedora 40 - x86_64 - Test Updates","enabled":false}]
                """);
        agent.on("PATCH", "/api/v1/packages/repositories/fedora", 200,
                "{\"id\":\"fedora\",\"name\":\"Fedora 40 - x86_64\",\"enabled\":false}");

        Cli.Run list = agent.gantry("pkg", "repos");
        Cli.Run disable = agent.gantry("pkg", "repos", "--disable", "fedora");

        assertThat(list.out()).isEqualTo("""
                ID                NAME                                ENABLED   URL
                fedora            Fedora 40 - x86_64                  yes       -
                updates-testing   Fedora 40 - x86_64 - Test Updates   no        -
                """);
        assertThat(agent.requests().get(1)).isEqualTo(new RecordingAgent.Request("PATCH",
                "/api/v1/packages/repositories/fedora", "{\"enabled\":false}"));
        assertThat(disable.out()).contains("fedora").contains("no");
    }

    @Test
    void historyListsWhatEachTransactionChanged() {
        agent.on("GET", "/api/v1/packages/history", 200, """
                [{"id":"2","start":"2026-05-31 12:01:00","command":"apt-get -y remove -- hello",
                  "changes":[{"action":"remove","name":"hello","version":"2"}]},
                 {"id":"1","start":"2026-05-31 12:00:00","command":"apt-get -y install -- hello",
                  "changes":[{"action":"install","name":"hello","version":"1"}]}]
                """);

        Cli.Run run = agent.gantry("pkg", "history");

        assertThat(run.out()).isEqualTo("""
                ID   START                 COMMAND                       CHANGES
                2    2026-05-31 12:01:00   apt-get -y remove -- hello    remove hello 2
                1    2026-05-31 12:00:00   apt-get -y install -- hello   install hello 1
                """);
    }
}
