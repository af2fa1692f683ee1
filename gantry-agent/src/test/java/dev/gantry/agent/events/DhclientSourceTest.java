package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DhclientSourceTest {
    @TempDir
    Path dir;
    final List<NetworkEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, Integer> indexes = Map.of("eth0", 2, "eth1", 3);

    private DhclientSource source(String... files) {
        return new DhclientSource(List.of(files), n -> Optional.ofNullable(indexes.get(n)), events::add);
    }

    private static String lease(String iface, String address) {
        return "lease {\n  interface \"" + iface + "\";\n  fixed-address " + address + ";\n}\n";
    }

    @Test
    void aGlobMatchesOnlyInTheFileName() {
        DhclientSource s = source(dir + "/dhclient*.leases");
        assertThat(s.matches(dir.resolve("dhclient.eth0.leases"))).isTrue();
        assertThat(s.matches(dir.resolve("dhclient.leases"))).isTrue();
        assertThat(s.matches(dir.resolve("dhclient.leases~"))).isFalse();
        assertThat(s.matches(dir.resolve("sub/dhclient.leases"))).isFalse();
    }

    @Test
    void onlyTheInterfaceWhoseLeaseChangedFires() throws Exception {
        Path file = dir.resolve("dhclient.leases");
        Files.writeString(file, lease("eth0", "10.0.0.5") + lease("eth1", "10.1.0.5"));
        DhclientSource s = source(file.toString());
        s.read(file, false);
        assertThat(events).isEmpty();
        Files.writeString(file, lease("eth0", "10.0.0.5") + lease("eth1", "10.1.0.5") + lease("eth1", "10.1.0.6"));
        s.read(file, true);
        assertThat(events).singleElement().isInstanceOfSatisfying(NetworkEvent.Lease.class, l -> {
            assertThat(l.name()).isEqualTo("eth1");
            assertThat(l.ifindex()).isEqualTo(3);
            assertThat(l.lease().fixedAddress()).isEqualTo("10.1.0.6");
        });
        s.read(file, true);
        assertThat(events).hasSize(1);
    }

    @Test
    void aFileCaughtHalfRewrittenDoesNotRefireTheUnchangedLeases() throws Exception {
        Path file = dir.resolve("dhclient.leases");
        String both = lease("eth0", "10.0.0.5") + lease("eth1", "10.1.0.5");
        Files.writeString(file, both);
        DhclientSource s = source(file.toString());
        s.read(file, false);
        Files.writeString(file, "");
        s.read(file, true);
        Files.writeString(file, lease("eth0", "10.0.0.5") + "lease {\n  interface \"eth1\";\n  fixed-addr");
        s.read(file, true);
        Files.writeString(file, both + lease("eth1", "10.1.0.6"));
        s.read(file, true);
        assertThat(events).extracting(e -> ((NetworkEvent.Lease) e).lease().fixedAddress()).containsExactly("10.1.0.6");
    }

    @Test
    void theWatchSeesAFileWrittenAfterStartAndReplaysAtStart() throws Exception {
        Files.writeString(dir.resolve("dhclient.eth0.leases"), lease("eth0", "10.0.0.5"));
        try (DhclientSource s = source(dir + "/dhclient*.leases")) {
            s.start(true);
            assertThat(events).hasSize(1);
            Files.writeString(dir.resolve("dhclient.eth1.leases"), lease("eth1", "10.1.0.9"));
            long deadline = System.currentTimeMillis() + 15_000;
            while (events.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(events).extracting(e -> e.link().orElseThrow()).containsExactly("eth0", "eth1");
    }
}
