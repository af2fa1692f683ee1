package dev.gantry.it.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.SystemdBox;
import dev.gantry.testbed.WithAgentBox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages module against the real apt and dpkg of a box. The test builds its own tiny packages
 * with dpkg-deb into a local file repository ({@code deb [trusted=yes] file:/srv/repo ./}, indexed
 * with dpkg-scanpackages), the box's other sources moved aside so that nothing needs the network.
 * Every change is checked with dpkg-query, apt's own reader, inside the box.
 */
@WithAgentBox
class PackagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration APT = Duration.ofMinutes(3);

    @BeforeAll
    static void localRepository(AgentBox agent) {
        SystemdBox box = agent.box();
        box.exec("sh", "-c", "mkdir -p /root/apt-aside && for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do "
                + "[ -e \"$f\" ] && mv \"$f\" /root/apt-aside/; done; mkdir -p /srv/repo /srv/pool; true").orThrow();
        build(box, "gantry-hello", "1", "");
        build(box, "gantry-hello", "2", "");
        build(box, "gantry-other", "1", "");
        build(box, "gantry-purgeable", "1", "");
        build(box, "gantry-never", "1", ""); // no test installs it
        build(box, "gantry-stuck", "1", "while [ ! -e /run/gantry-unstick ]; do sleep 0.2; done\n");
        build(box, "gantry-up", "1", "");
        build(box, "gantry-up", "2", "");
        // Its postinst waits for /run/gantry-release: a transaction that runs until the test lets it end.
        build(box, "gantry-slow", "1", "while [ ! -e /run/gantry-release ]; do sleep 0.2; done\n");
        publish(box, "gantry-hello_1_all.deb", "gantry-other_1_all.deb", "gantry-purgeable_1_all.deb",
                "gantry-slow_1_all.deb", "gantry-never_1_all.deb", "gantry-up_1_all.deb",
                "gantry-stuck_1_all.deb");
        box.writeFile("/etc/apt/sources.list.d/gantry-test.list", "deb [trusted=yes] file:/srv/repo ./\n");
        box.exec(APT, "apt-get", "update", "-q").orThrow();
    }

    /** A tiny package: one file saying its version, depending on base-files (always installed). */
    private static void build(SystemdBox box, String name, String version, String postinst) {
        String dir = "/tmp/build/" + name + "-" + version;
        box.writeFile(dir + "/DEBIAN/control", """
                Package: %s
                Version: %s
                Architecture: all
                Maintainer: Gantry tests <tests@gantry.invalid>
                Depends: base-files
                Installed-Size: 1
                Homepage: https://gantry.invalid/%s
                Description: Gantry test package %s
                 A tiny package the packages integration test builds and installs.
                """.formatted(name, version, name, name));
        box.writeFile(dir + "/usr/share/" + name + "/version", version + "\n");
        if (!postinst.isEmpty()) {
            box.writeFile(dir + "/DEBIAN/postinst", "#!/bin/sh\n" + postinst);
            box.exec("chmod", "0755", dir + "/DEBIAN/postinst").orThrow();
        }
        box.exec("dpkg-deb", "--root-owner-group", "-b", dir, "/srv/pool/" + name + "_" + version + "_all.deb").orThrow();
    }

    /** Puts the files into the repository and rewrites its index. */
    private static void publish(SystemdBox box, String... debs) {
        for (String deb : debs) {
            box.exec("cp", "/srv/pool/" + deb, "/srv/repo/").orThrow();
        }
        box.exec("sh", "-c", "cd /srv/repo && dpkg-scanpackages --multiversion . > Packages").orThrow();
    }

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String dpkgStatus(AgentBox agent, String name) {
        return agent.box().exec("dpkg-query", "-W", "-f=${db:Status-Abbrev}${Version}", name).out();
    }

    /** Starts a change; asserts the 202 and its Location; returns the job as it ends. */
    private static JsonNode change(AgentBox agent, String route, String body) throws Exception {
        AgentHttp.Response started = agent.http().post("/api/v1/packages/" + route, body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/jobs/" + json(started).get("id").asText());
        return await(agent, location);
    }

    private static JsonNode await(AgentBox agent, String location) throws Exception {
        JsonNode job = json(agent.http().get(location));
        for (int i = 0; i < 12 && !finished(job); i++) {
            job = json(agent.http().get(location + "?wait=20"));
        }
        assertThat(finished(job)).as("job still running: %s", job).isTrue();
        return job;
    }

    /**
     * The {@code job} events of one job from {@code /api/v1/events}, read inside the box with curl: with
     * {@code Last-Event-ID: 1} the stream replays its kept history (all but the first event) at once,
     * then stays open until curl's time limit ends it.
     */
    private static List<JsonNode> jobEvents(AgentBox agent, String id) throws Exception {
        String stream = agent.box().exec("curl", "-sN", "--max-time", "3", "--unix-socket", AgentBox.SOCKET,
                "-H", "Last-Event-ID: 1", "http://localhost/api/v1/events?type=job").stdout();
        List<JsonNode> jobs = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: ")) {
                JsonNode job = JSON.readTree(line.substring("data: ".length()));
                if (job.path("id").asText().equals(id)) {
                    jobs.add(job);
                }
            }
        }
        return jobs;
    }

    private static boolean finished(JsonNode job) {
        return List.of("succeeded", "failed", "cancelled").contains(job.path("state").asText());
    }

    private static List<String> names(JsonNode packages) {
        List<String> names = new ArrayList<>();
        packages.forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    @Test
    void installUpdateAndRemoveAPackageFromALocalRepository(AgentBox agent) throws Exception {
        assertThat(json(agent.http().get("/api/v1/packages/manager")).get("name").asText()).isEqualTo("apt");
        assertThat(dpkgStatus(agent, "gantry-hello")).doesNotContain("ii");

        JsonNode install = change(agent, "install", "{\"packages\":[\"gantry-hello\"]}");
        assertThat(install.get("state").asText()).as(install.toString()).isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-hello")).isEqualTo("ii 1");
        assertThat(agent.box().readFile("/usr/share/gantry-hello/version")).isEqualTo("1\n");
        // progress came from apt's own status lines, and its log is kept
        assertThat(install.get("progress").asInt()).isEqualTo(100);
        assertThat(install.get("message").asText()).contains("gantry-hello");
        assertThat(install.get("result").get("log").asText()).contains("pmstatus:gantry-hello:");
        assertThat(install.get("result").get("exitCode").asInt()).isZero();
        // the same progress went out on the event stream, step by step (replayed from the stream's history)
        List<JsonNode> steps = jobEvents(agent, install.get("id").asText());
        assertThat(steps).anySatisfy(job -> {
            assertThat(job.get("state").asText()).isEqualTo("running");
            assertThat(job.get("progress").asInt()).isBetween(20, 99);
            assertThat(job.get("message").asText()).contains("gantry-hello");
        });
        assertThat(steps.getLast().get("state").asText()).isEqualTo("succeeded");

        JsonNode info = json(agent.http().get("/api/v1/packages/gantry-hello"));
        assertThat(info.get("installedVersion").asText()).isEqualTo("1");
        assertThat(info.get("candidateVersion").asText()).isEqualTo("1");
        assertThat(info.get("summary").asText()).isEqualTo("Gantry test package gantry-hello");
        assertThat(info.get("depends")).hasSize(1);
        assertThat(info.get("depends").get(0).asText()).isEqualTo("base-files");
        assertThat(info.get("homepage").asText()).isEqualTo("https://gantry.invalid/gantry-hello");
        assertThat(info.get("installedSize").asLong()).isEqualTo(1024);

        JsonNode installed = json(agent.http().get("/api/v1/packages?name=gantry-hel"));
        assertThat(names(installed)).containsExactly("gantry-hello");
        assertThat(installed.get(0).get("version").asText()).isEqualTo("1");
        assertThat(names(json(agent.http().get("/api/v1/packages?scope=available&name=gantry-"))))
                .contains("gantry-never").doesNotContain("gantry-hello");

        JsonNode found = json(agent.http().get("/api/v1/packages/search?q=gantry-hel"));
        assertThat(names(found)).containsExactly("gantry-hello");
        assertThat(found.get(0).get("summary").asText()).isEqualTo("Gantry test package gantry-hello");

        assertThat(json(agent.http().get("/api/v1/packages/updates"))).isEmpty();
        publish(agent.box(), "gantry-hello_2_all.deb");
        JsonNode refresh = change(agent, "refresh", "");
        assertThat(refresh.get("state").asText()).as(refresh.toString()).isEqualTo("succeeded");
        JsonNode updates = json(agent.http().get("/api/v1/packages/updates"));
        assertThat(names(updates)).containsExactly("gantry-hello");
        assertThat(updates.get(0).get("currentVersion").asText()).isEqualTo("1");
        assertThat(updates.get(0).get("newVersion").asText()).isEqualTo("2");
        assertThat(names(json(agent.http().get("/api/v1/packages?scope=upgradable")))).containsExactly("gantry-hello");

        JsonNode update = change(agent, "update", "{\"packages\":[\"gantry-hello\"]}");
        assertThat(update.get("state").asText()).as(update.toString()).isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-hello")).isEqualTo("ii 2");
        assertThat(agent.box().readFile("/usr/share/gantry-hello/version")).isEqualTo("2\n");
        assertThat(json(agent.http().get("/api/v1/packages/updates"))).isEmpty();

        JsonNode remove = change(agent, "remove", "{\"packages\":[\"gantry-hello\"]}");
        assertThat(remove.get("state").asText()).as(remove.toString()).isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-hello")).doesNotStartWith("ii");
        assertThat(agent.box().exec("test", "-e", "/usr/share/gantry-hello/version").exitCode()).isNotZero();

        JsonNode history = json(agent.http().get("/api/v1/packages/history"));
        List<String> actions = new ArrayList<>();
        for (JsonNode entry : history) {
            for (JsonNode c : entry.get("changes")) {
                if (c.get("name").asText().equals("gantry-hello")) {
                    actions.add(c.get("action").asText() + " " + c.get("version").asText());
                }
            }
        }
        // newest first: what the transactions above did, as apt logged them
        assertThat(actions).containsExactly("remove 2", "upgrade 2", "install 1");
        assertThat(history.get(0).get("command").asText()).contains("apt-get").contains("remove");
    }

    @Test
    void updateWithoutNamesUpgradesEveryPackageWithANewerVersion(AgentBox agent) throws Exception {
        assertThat(change(agent, "install", "{\"packages\":[\"gantry-up\"]}").get("state").asText())
                .isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-up")).isEqualTo("ii 1");
        publish(agent.box(), "gantry-up_2_all.deb");
        assertThat(change(agent, "refresh", "").get("state").asText()).isEqualTo("succeeded");

        JsonNode update = change(agent, "update", "");

        assertThat(update.get("state").asText()).as(update.toString()).isEqualTo("succeeded");
        assertThat(update.get("result").get("command").toString()).contains("\"upgrade\"");
        assertThat(dpkgStatus(agent, "gantry-up")).isEqualTo("ii 2");
    }

    @Test
    void purgeRemovesThePackageAndItsConfiguration(AgentBox agent) throws Exception {
        assertThat(change(agent, "install", "{\"packages\":[\"gantry-purgeable\"]}").get("state").asText())
                .isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-purgeable")).isEqualTo("ii 1");

        JsonNode purge = change(agent, "remove", "{\"packages\":[\"gantry-purgeable\"],\"purge\":true}");

        assertThat(purge.get("state").asText()).as(purge.toString()).isEqualTo("succeeded");
        assertThat(purge.get("result").get("command").toString()).contains("\"purge\"");
        // purged: dpkg no longer knows the package at all
        assertThat(agent.box().exec("dpkg-query", "-W", "gantry-purgeable").exitCode()).isNotZero();
    }

    @Test
    void anUnknownPackageFailsTheJobWithAptsReason(AgentBox agent) throws Exception {
        JsonNode job = change(agent, "install", "{\"packages\":[\"gantry-no-such-package\"]}");

        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("problem").get("status").asInt()).isEqualTo(422);
        assertThat(job.get("problem").get("title").asText()).isEqualTo("apt install failed");
        assertThat(job.get("problem").get("detail").asText())
                .isEqualTo("E: Unable to locate package gantry-no-such-package");
        assertThat(job.get("result").get("exitCode").asInt()).isEqualTo(100);
        assertThat(job.get("result").get("log").asText()).contains("Unable to locate package gantry-no-such-package");
        assertThat(agent.box().exec("dpkg-query", "-W", "gantry-no-such-package").exitCode()).isNotZero();
    }

    @Test
    void anOptionLikeOrShellLikeNameIs400AndNothingRuns(AgentBox agent) throws Exception {
        int jobsBefore = json(agent.http().get("/api/v1/jobs")).size();

        AgentHttp.Response option = agent.http().post("/api/v1/packages/install",
                "{\"packages\":[\"gantry-other\",\"--reinstall\"]}");
        AgentHttp.Response shell = agent.http().post("/api/v1/packages/remove", "{\"packages\":[\"base-files; rm -rf /\"]}");
        AgentHttp.Response path = agent.http().get("/api/v1/packages/-o");

        assertThat(option.status()).isEqualTo(400);
        assertThat(option.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json(option);
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("packages[1]");
        assertThat(problem.get("errors").get(0).get("rejected").asText()).isEqualTo("--reinstall");
        assertThat(shell.status()).isEqualTo(400);
        assertThat(json(shell).get("errors").get(0).get("field").asText()).isEqualTo("packages[0]");
        assertThat(path.status()).isEqualTo(400);
        // nothing ran and nothing changed
        assertThat(json(agent.http().get("/api/v1/jobs")).size()).isEqualTo(jobsBefore);
        assertThat(dpkgStatus(agent, "gantry-other")).doesNotStartWith("ii");
        assertThat(dpkgStatus(agent, "base-files")).startsWith("ii");
    }

    @Test
    void aSecondTransactionWhileOneRunsIs409NamingTheRunningJob(AgentBox agent) throws Exception {
        agent.box().exec("rm", "-f", "/run/gantry-release").orThrow();
        AgentHttp.Response first = agent.http().post("/api/v1/packages/install", "{\"packages\":[\"gantry-slow\"]}");
        assertThat(first.status()).isEqualTo(202);
        String location = first.header("Location").orElseThrow();
        String id = json(first).get("id").asText();

        // while dpkg waits in the postinst, the job shows apt's own progress line for the package
        JsonNode running = json(agent.http().get(location));
        for (int i = 0; i < 60 && !running.path("message").asText().contains("gantry-slow"); i++) {
            running = json(agent.http().get(location + "?wait=1"));
        }
        assertThat(running.get("state").asText()).isEqualTo("running");
        assertThat(running.get("message").asText()).as(running.toString()).contains("gantry-slow");
        assertThat(running.get("progress").asInt()).isBetween(20, 99);

        AgentHttp.Response second = agent.http().post("/api/v1/packages/install", "{\"packages\":[\"gantry-other\"]}");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.header("Location").orElseThrow()).isEqualTo(location);
        assertThat(json(second).get("detail").asText()).contains(id);
        assertThat(dpkgStatus(agent, "gantry-other")).doesNotStartWith("ii");

        agent.box().exec("touch", "/run/gantry-release").orThrow();
        assertThat(await(agent, location).get("state").asText()).isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-slow")).isEqualTo("ii 1");
        // the lock is free again
        JsonNode next = change(agent, "install", "{\"packages\":[\"gantry-other\"]}");
        assertThat(next.get("state").asText()).as(next.toString()).isEqualTo("succeeded");
        assertThat(dpkgStatus(agent, "gantry-other")).isEqualTo("ii 1");
    }

    @Test
    void cancellingATransactionStopsTheManagerRunningAsRoot(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        box.exec("rm", "-f", "/run/gantry-unstick").orThrow();
        AgentHttp.Response started = agent.http().post("/api/v1/packages/install", "{\"packages\":[\"gantry-stuck\"]}");
        String location = started.header("Location").orElseThrow();
        JsonNode running = json(agent.http().get(location));
        for (int i = 0; i < 60 && !running.path("message").asText().contains("gantry-stuck"); i++) {
            running = json(agent.http().get(location + "?wait=1"));
        }
        assertThat(running.get("message").asText()).as(running.toString()).contains("gantry-stuck");

        AgentHttp.Response cancel = agent.http().delete(location);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(json(cancel).get("state").asText()).isEqualTo("cancelled");
        // the job's thread stops the transient root unit; until it is gone the lock is held (409)
        String units = "";
        for (int i = 0; i < 100; i++) {
            units = box.exec("systemctl", "list-units", "--no-legend", "--state=active", "gantryd-root-*").out();
            if (units.isEmpty()) {
                break;
            }
            box.exec("sleep", "0.2");
        }
        assertThat(units).isEmpty();
        assertThat(box.exec("pgrep", "-x", "apt-get").exitCode()).isNotZero();
        // dpkg was stopped inside the postinst: the package never reached "installed"
        assertThat(dpkgStatus(agent, "gantry-stuck")).doesNotStartWith("ii");

        box.exec("touch", "/run/gantry-unstick").orThrow();
        box.exec(APT, "env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "--configure", "-a").orThrow();
        JsonNode remove = change(agent, "remove", "{\"packages\":[\"gantry-stuck\"]}");
        assertThat(remove.get("state").asText()).as(remove.toString()).isEqualTo("succeeded");
    }

    @Test
    void downloadPutsThePackageFileInTheDirectory(AgentBox agent) throws Exception {
        agent.box().exec("mkdir", "-p", "/srv/downloads").orThrow();

        JsonNode job = change(agent, "download", "{\"packages\":[\"gantry-other\"],\"directory\":\"/srv/downloads\"}");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(agent.box().exec("dpkg-deb", "-f", "/srv/downloads/gantry-other_1_all.deb", "Package").out())
                .isEqualTo("gantry-other");
    }

    @Test
    void cleanEmptiesAptsArchiveCache(AgentBox agent) throws Exception {
        agent.box().exec("sh", "-c", "mkdir -p /var/cache/apt/archives && cp /srv/pool/gantry-other_1_all.deb "
                + "/var/cache/apt/archives/").orThrow();

        JsonNode job = change(agent, "clean", "");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(agent.box().exec("test", "-e", "/var/cache/apt/archives/gantry-other_1_all.deb").exitCode())
                .isNotZero();
    }

    @Test
    void repositoriesShowTheLocalSourceAndCannotBeToggledWithApt(AgentBox agent) throws Exception {
        JsonNode repositories = json(agent.http().get("/api/v1/packages/repositories"));
        assertThat(repositories).hasSize(1);
        assertThat(repositories.get(0).get("url").asText()).isEqualTo("file:/srv/repo");
        assertThat(repositories.get(0).get("enabled").asBoolean()).isTrue();

        AgentHttp.Response toggle = agent.http().send("PATCH", "/api/v1/packages/repositories/local",
                java.util.Map.of("Content-Type", "application/json"), "{\"enabled\":false}");
        assertThat(toggle.status()).isEqualTo(422);
        assertThat(agent.box().readFile("/etc/apt/sources.list.d/gantry-test.list"))
                .isEqualTo("deb [trusted=yes] file:/srv/repo ./\n");
    }

    @Test
    void anUnknownPackageIs404(AgentBox agent) throws Exception {
        AgentHttp.Response r = agent.http().get("/api/v1/packages/gantry-no-such-package");

        assertThat(r.status()).isEqualTo(404);
        assertThat(json(r).get("detail").asText()).isEqualTo("no package gantry-no-such-package");
    }
}
