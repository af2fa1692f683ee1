package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor in a network namespace this test creates ({@code ip netns add gantry-test-<random>})
 * and deletes by name afterwards: the host's own interfaces are never touched. The monitor's socket
 * is opened on a thread that has joined the namespace with setns(2), so it sees only that namespace.
 */
class NetlinkMonitorNetnsTest {
    private TestNetns netns;
    private String ns;

    private static void run(String... argv) throws Exception {
        TestNetns.run(argv);
    }

    @BeforeEach
    void createNamespace() throws Exception {
        assumeTrue(TestNetns.possible(), "creating a network namespace needs root");
        netns = TestNetns.create();
        ns = netns.name();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (netns != null) {
            netns.close();
        }
    }

    private <T> T inNamespace(java.util.concurrent.Callable<T> task) throws Exception {
        return netns.call(task);
    }

    private static NetlinkMonitor.Event next(BlockingQueue<NetlinkMonitor.Event> events,
                                             java.util.function.Predicate<NetlinkMonitor.Event> wanted,
                                             List<NetlinkMonitor.Event> seen) throws InterruptedException {
        while (true) {
            NetlinkMonitor.Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event matching the expectation; seen so far: " + seen).isNotNull();
            seen.add(e);
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    @Test
    void linkAddressAndRouteChangesArriveParsedWithDeviceNamesInKernelOrder() throws Exception {
        BlockingQueue<NetlinkMonitor.Event> events = new LinkedBlockingQueue<>();
        List<Link> linksInNs = inNamespace(() -> {
            try (Rtnl rtnl = new Rtnl(RtNames.host())) {
                return rtnl.links();
            }
        });
        assertThat(linksInNs).extracting(Link::name).containsExactly("lo");
        // A listener that throws is logged and does not keep the others from their events.
        NetlinkMonitor.Listener failing = e -> {
            throw new IllegalStateException("a listener that always fails");
        };
        NetlinkMonitor monitor = inNamespace(() -> NetlinkMonitor.start(RtNames.host(), List.of(failing, events::add)));
        List<NetlinkMonitor.Event> seen = new ArrayList<>();
        try {
            run("ip", "-n", ns, "link", "add", "gtm0", "type", "veth", "peer", "name", "gtm1");
            run("ip", "-n", ns, "link", "set", "gtm0", "up");
            run("ip", "-n", ns, "addr", "add", "10.99.0.1/24", "dev", "gtm0");
            run("ip", "-n", ns, "route", "add", "10.98.0.0/24", "via", "10.99.0.2", "dev", "gtm0");
            run("ip", "-n", ns, "link", "del", "gtm0");

            NetlinkMonitor.Event created = next(events, e -> e instanceof NetlinkMonitor.LinkEvent l
                    && !l.removed() && "gtm0".equals(l.link().name()), seen);
            assertThat(((NetlinkMonitor.LinkEvent) created).link().kind()).isEqualTo("veth");
            next(events, e -> e instanceof NetlinkMonitor.LinkEvent l && !l.removed()
                    && "gtm0".equals(l.link().name()) && l.link().flags().contains("UP"), seen);
            NetlinkMonitor.Event address = next(events, e -> e instanceof NetlinkMonitor.AddressEvent a
                    && !a.removed() && a.address().address().equals("10.99.0.1"), seen);
            assertThat(((NetlinkMonitor.AddressEvent) address).address().device()).isEqualTo("gtm0");
            assertThat(((NetlinkMonitor.AddressEvent) address).address().prefixLength()).isEqualTo(24);
            NetlinkMonitor.Event route = next(events, e -> e instanceof NetlinkMonitor.RouteEvent r
                    && !r.removed() && "10.98.0.0/24".equals(r.route().destination()), seen);
            assertThat(((NetlinkMonitor.RouteEvent) route).route().gateway()).isEqualTo("10.99.0.2");
            assertThat(((NetlinkMonitor.RouteEvent) route).route().device()).isEqualTo("gtm0");
            assertThat(((NetlinkMonitor.RouteEvent) route).route().table()).isEqualTo("main");
            next(events, e -> e instanceof NetlinkMonitor.LinkEvent l && l.removed()
                    && "gtm0".equals(l.link().name()), seen);
            // Kernel order: the address went before the route through it, which went before the link.
            assertThat(seen.indexOf(address)).isLessThan(seen.indexOf(route));
        } finally {
            monitor.close();
        }
    }
}
