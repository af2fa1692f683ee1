package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gantry inventory against a real gantry-server whose inventory tables hold two snapshots: in the
 * second, web (vmid 100) moved from n1 to n2 and db's memory doubled; cluster pve-b failed.
 */
class InventoryCommandTest {
    static final String WEB = "00000000-0000-0000-0000-00000000000a";
    static final String DB = "00000000-0000-0000-0000-00000000000b";
    static final String LEGACY = "00000000-0000-0000-0000-00000000000f";

    @TempDir
    static Path stateDir;
    static Server server;
    static String adminFile;
    static long s1;
    static long s2;

    @BeforeAll
    static void startServer() throws Exception {
        server = Server.start(ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)), stateDir,
                Clock.systemUTC(), ServerIdentity.placeholder());
        adminFile = server.adminFile().toString();
        server.database().jdbi().useHandle(h -> {
            s1 = h.createQuery("INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)"
                    + " VALUES ('2026-12-01T10:00:00Z', '2026-12-01T10:00:20Z', 'ok', 'schedule', 't') RETURNING id")
                    .mapTo(Long.class).one();
            s2 = h.createQuery("INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)"
                    + " VALUES ('2026-12-01T10:05:00Z', '2026-12-01T10:05:20Z', 'partial', 'schedule', 't') RETURNING id")
                    .mapTo(Long.class).one();
            h.execute("INSERT INTO inventory_cluster_crawls VALUES (?, 'pve-a', 'proxmox', 'ok', NULL, now(), now(), 5, '8.2.4', true),"
                    + " (?, 'pve-b', 'proxmox', 'ok', NULL, now(), now(), 5, '8.2.4', true),"
                    + " (?, 'pve-a', 'proxmox', 'ok', NULL, now(), now(), 5, '8.2.4', true),"
                    + " (?, 'pve-b', 'proxmox', 'failed', 'connect timed out', now(), now(), 1, NULL, NULL)", s1, s1, s2, s2);
            h.execute("INSERT INTO inventory_nodes VALUES (?, 'pve-a', 'n1', 'online', 16, 0.25, 68719476736, 17179869184,"
                    + " 1099511627776, 109951162777, '{0.5,0.4,0.3}', 90000, 6, 8589934592, 107374182400, 3)", s2);
            String cols = "INSERT INTO inventory_instances (gantry_id, cluster, node, vmid, type, name, status, template, cpus,"
                    + " memory, disk, macs, booted_at, valid_from, valid_to) VALUES ";
            h.execute(cols + "(?::uuid, 'pve-a', 'n1', 100, 'qemu', 'web', 'running', false, 2, 1073741824, 34359738368,"
                    + " '{BC:24:11:00:00:64}', '2026-12-01T09:00:00Z', ?, ?)", WEB, s1, s2);
            h.execute(cols + "(?::uuid, 'pve-a', 'n2', 100, 'qemu', 'web', 'running', false, 2, 1073741824, 34359738368,"
                    + " '{BC:24:11:00:00:64}', '2026-12-01T09:00:00Z', ?, NULL)", WEB, s2);
            h.execute(cols + "(?::uuid, 'pve-a', 'n2', 101, 'lxc', 'db', 'stopped', false, 1, 1073741824, 8589934592,"
                    + " '{}', NULL, ?, ?)", DB, s1, s2);
            h.execute(cols + "(?::uuid, 'pve-a', 'n2', 101, 'lxc', 'db', 'stopped', false, 1, 2147483648, 8589934592,"
                    + " '{}', NULL, ?, NULL)", DB, s2);
            h.execute(cols + "(?::uuid, 'pve-b', 'm1', 100, 'qemu', 'legacy', 'running', false, 4, 4294967296, 0,"
                    + " '{}', NULL, ?, NULL)", LEGACY, s1);
        });
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void instancesAreATableOfTheLatestSnapshotWithStaleRowsMarked() {
        Cli.Run r = Cli.run("inventory", "instances", "--admin-file", adminFile);

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("snapshot " + s2 + " (partial, started 2026-12-01 11:05:00)");
        assertThat(lines.get(1)).startsWith("CLUSTER").contains("VMID").contains("UPTIME").contains("GANTRY ID");
        assertThat(lines.subList(2, lines.size())).extracting(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 6)))
                .containsExactly("pve-a n2 100 web qemu running", "pve-a n2 101 db lxc stopped",
                        "pve-b m1 100 legacy qemu running");
        assertThat(lines.get(2)).contains("1.0G").contains("1:05").contains("BC:24:11:00:00:64").contains(WEB);
        assertThat(lines.get(4)).contains("running (stale)");
    }

    @Test
    void filtersAndAtChooseTheRows() {
        Cli.Run r = Cli.run("inventory", "instances", "--at", String.valueOf(s1), "--cluster", "pve-a", "--node", "n1",
                "--admin-file", adminFile);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).toList()).hasSize(1).allMatch(l -> l.matches("pve-a +n1 +100 +web +qemu +running .*"));

        Cli.Run json = Cli.run("inventory", "instances", "--vmid", "101", "-o", "json", "--admin-file", adminFile);
        assertThat(json.out()).contains("\"name\": \"db\"").doesNotContain("\"web\"").doesNotContain("\"next\"");
    }

    @Test
    void nodesClustersAndDatesAreTables() {
        Cli.Run nodes = Cli.run("inventory", "nodes", "--admin-file", adminFile);
        assertThat(nodes.exit()).as(nodes.err()).isZero();
        assertThat(nodes.out().lines().toList().get(2)).matches("pve-a +n1 +online +16 +25\\.0% +6 +16\\.0G/64\\.0G +8\\.0G +102\\.4G/1\\.0T +3 +1 days, 1:00");

        Cli.Run clusters = Cli.run("inventory", "clusters", "--admin-file", adminFile);
        assertThat(clusters.out().lines().toList().get(3)).startsWith("pve-b").contains("failed").endsWith("connect timed out");

        Cli.Run dates = Cli.run("inventory", "dates", "--admin-file", adminFile);
        assertThat(dates.out().lines().toList()).containsExactly("ID   STARTED               FINISHED              STATUS",
                s2 + "    2026-12-01 11:05:00   2026-12-01 11:05:20   partial",
                s1 + "    2026-12-01 11:00:00   2026-12-01 11:00:20   ok");
    }

    @Test
    void diffShowsTheMoveAndTheChange() {
        Cli.Run r = Cli.run("inventory", "diff", "--from", String.valueOf(s1), "--to", "latest", "--admin-file", adminFile);

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("snapshot " + s1 + " -> " + s2);
        assertThat(lines.subList(2, lines.size())).containsExactly(
                "moved     " + WEB + "   web    pve-a/n1 -> pve-a/n2   -",
                "changed   " + DB + "   db     pve-a/n2               memory 1073741824 -> 2147483648");
    }

    @Test
    void showGivesTheInstanceNowAndItsVersions() {
        Cli.Run r = Cli.run("inventory", "show", WEB, "--admin-file", adminFile);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Now:        pve-a/n2 vmid 100 web running");
        assertThat(r.out().lines().filter(l -> l.contains("pve-a")).toList()).hasSize(3);
        assertThat(r.out()).contains("2026-12-01 11:00:00   2026-12-01 11:05:00   pve-a     n1")
                .contains("2026-12-01 11:05:00   now                   pve-a     n2");
    }

    @Test
    void theServersRefusalIsShown() {
        Cli.Run missing = Cli.run("inventory", "show", "00000000-0000-0000-0000-000000000999", "--admin-file", adminFile);
        assertThat(missing.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(missing.err()).contains("no instance 00000000-0000-0000-0000-000000000999 in the inventory");

        Cli.Run bad = Cli.run("inventory", "nodes", "--at", "yesterday", "--admin-file", adminFile);
        assertThat(bad.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(bad.err()).contains("at");

        Cli.Run usage = Cli.run("inventory", "diff", "--admin-file", adminFile);
        assertThat(usage.exit()).isEqualTo(Gantry.EXIT_USAGE);
    }
}
