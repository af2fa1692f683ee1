package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.common.events.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker with real scripts in a temporary root, fed events as the sources would. */
class NetworkEventBrokerTest {
    private static final int UID = (Integer) uid();

    @TempDir
    Path root;
    Path out;
    EventBus bus = new EventBus(Clock.systemUTC());
    NetworkEventBroker broker;

    private static Object uid() {
        try {
            return Files.getAttribute(Path.of(System.getProperty("java.io.tmpdir")), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        out = Files.createDirectories(root.resolve("out"));
        LinkFacts facts = new LinkFacts() {
            @Override
            public ScriptEnvironment.Addresses addresses(int ifindex) {
                return new ScriptEnvironment.Addresses(List.of("10.0.0.5", "10.0.0.6"), List.of("fe80::1"));
            }

            @Override
            public Optional<String> networkdLease(int ifindex) {
                return Optional.of("ADDRESS=10.0.0.5 NETMASK=255.255.255.0");
            }

            @Override
            public CompletableFuture<Optional<String>> describe(int ifindex) {
                return CompletableFuture.completedFuture(Optional.of("{\"Index\":" + ifindex + "}"));
            }
        };
        EventsConfig config = new EventsConfig(EventsConfig.DEFAULT.generators(), List.of("eth0", "eth1"), List.of(),
                false, false, false, false, true, Duration.ofSeconds(1), true, List.of());
        broker = new NetworkEventBroker(config, new ScriptDirectories(root.resolve("events"), UID),
                new ScriptRunner(config.scriptTimeout()), new NetworkHistory(bus), facts);
        broker.createDirectories();
    }

    private Path script(String dir, String name, String body, String mode) throws IOException {
        Path file = root.resolve("events").resolve(dir + ".d").resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private List<NetworkEventEntry> awaitScripts(int count, Predicate<NetworkEventEntry> which) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<NetworkEventEntry> runs = broker.history(Optional.empty(), Optional.of("script"), 4096).stream()
                    .filter(which).toList();
            if (runs.size() >= count || System.nanoTime() > deadline) {
                return runs.reversed();
            }
            Thread.sleep(20);
        }
    }

    @Test
    void everyAllowlistedDirectoryIsCreated() {
        for (String d : List.of("carrier", "configured", "degraded", "no-carrier", "routable", "manager", "routes",
                "online", "linger", "degraded-carrier")) {
            assertThat(root.resolve("events/" + d + ".d")).isDirectory();
        }
        assertThat(ScriptDirectories.known("../../tmp")).isFalse();
    }

    @Test
    void aRoutableSignalRunsTheDirectoryInLexicalOrderWithTheDocumentedEnvironment() throws Exception {
        script("routable", "20-second", "echo second >> " + out + "/order", "rwxr-xr-x");
        script("routable", "10-env", "env > " + out + "/env; echo first >> " + out + "/order", "rwxr-xr-x");
        script("routable", "30-writable", "echo bad >> " + out + "/order", "rwxrwxrwx");
        script("routable", "15-backup~", "echo leftover >> " + out + "/order", "rwxr-xr-x");
        broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("AdministrativeState", "configured"), false));
        broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("OperationalState", "routable"), false));

        List<NetworkEventEntry> runs = awaitScripts(3, e -> true);
        assertThat(runs).extracting(e -> e.detail().get("script"))
                .containsExactly("routable.d/10-env", "routable.d/20-second", "routable.d/30-writable");
        assertThat(runs.get(2).detail()).containsEntry("result", "skipped")
                .containsEntry("reason", "writable by group and others (mode 0777)");
        assertThat(runs.get(0).detail()).containsEntry("result", "exited").containsEntry("exitCode", 0);
        assertThat(Files.readAllLines(out.resolve("order"))).containsExactly("first", "second");
        List<String> env = Files.readAllLines(out.resolve("env"));
        assertThat(env).contains("LINK=eth0", "IFACE=eth0", "LINKINDEX=3", "STATE=routable",
                "OperationalState=routable", "AdministrativeState=configured", "ADDR=10.0.0.5",
                "IP_ADDRS=10.0.0.5 10.0.0.6", "IP6_ADDRS=fe80::1", "DHCP_LEASE=ADDRESS=10.0.0.5 NETMASK=255.255.255.0",
                "JSON={\"Index\":3}", "json={\"Index\":3}", "PATH=" + ScriptRunner.PATH);
        assertThat(env).noneMatch(l -> l.startsWith("REPLAY="));
    }

    @Test
    void aHangingScriptIsKilledAtItsTimeoutAndTheNextEventStillRuns() throws Exception {
        script("no-carrier", "10-hang", "sleep 600", "rwxr-xr-x");
        script("carrier", "10-log", "echo $STATE >> " + out + "/states", "rwxr-xr-x");
        broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("OperationalState", "no-carrier"), false));
        broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("OperationalState", "carrier"), false));
        List<NetworkEventEntry> runs = awaitScripts(2, e -> true);
        assertThat(runs.get(0).detail()).containsEntry("script", "no-carrier.d/10-hang")
                .containsEntry("result", "timeout");
        assertThat((Long) runs.get(0).detail().get("durationMillis")).isBetween(900L, 5000L);
        assertThat(runs.get(1).detail()).containsEntry("script", "carrier.d/10-log").containsEntry("exitCode", 0);
        assertThat(Files.readAllLines(out.resolve("states"))).containsExactly("carrier");
    }

    @Test
    void oneLinksStatesReachItsScriptsInArrivalOrderAndNoneIsLost() throws Exception {
        for (String state : List.of("carrier", "routable", "no-carrier")) {
            script(state, "10-log", "echo $LINK $STATE >> " + out + "/$LINK", "rwxr-xr-x");
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String state = List.of("no-carrier", "carrier", "routable").get(i % 3);
            sent.add(state);
            broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("OperationalState", state), false));
            broker.accept(new NetworkEvent.LinkState(4, "eth1", Map.of("OperationalState", state), false));
        }
        awaitScripts(120, e -> true);
        assertThat(Files.readAllLines(out.resolve("eth0"))).containsExactlyElementsOf(
                sent.stream().map(s -> "eth0 " + s).toList());
        assertThat(Files.readAllLines(out.resolve("eth1"))).containsExactlyElementsOf(
                sent.stream().map(s -> "eth1 " + s).toList());
    }

    @Test
    void oneSignalRunsEachDistinctStateOnceAndUnwatchedLinksRunNothing() throws Exception {
        script("routable", "10-log", "echo $STATE >> " + out + "/$LINK", "rwxr-xr-x");
        script("carrier", "10-log", "echo $STATE >> " + out + "/$LINK", "rwxr-xr-x");
        broker.accept(new NetworkEvent.LinkState(9, "eth9", Map.of("OperationalState", "routable"), false));
        broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("OperationalState", "routable",
                "AddressState", "routable", "IPv4AddressState", "routable", "CarrierState", "carrier",
                "Bogus", "../../etc"), false));
        awaitScripts(2, e -> true);
        Thread.sleep(200);
        assertThat(Files.readAllLines(out.resolve("eth0"))).containsExactly("carrier", "routable");
        assertThat(out.resolve("eth9")).doesNotExist();
        assertThat(broker.history(Optional.of("eth9"), Optional.empty(), 10)).extracting(NetworkEventEntry::kind)
                .containsExactly("link-state");
    }

    @Test
    void managerAndRouteEventsRunTheirDirectories() throws Exception {
        script("manager", "10-env", "env > " + out + "/manager.env", "rwxr-xr-x");
        script("routes", "10-env", "env > " + out + "/routes.env", "rwxr-xr-x");
        broker.accept(new NetworkEvent.ManagerState(Map.of("OperationalState", "degraded",
                "CarrierState", "carrier"), false));
        broker.accept(new NetworkEvent.RouteChange(false, new dev.gantry.agent.backend.netlink.Route("inet", "main",
                254, "unicast", "198.51.100.0/24", null, "10.0.0.1", "eth0", 3, null, "boot", "universe", null, null,
                List.of(), List.of())));
        broker.accept(new NetworkEvent.RouteChange(false, new dev.gantry.agent.backend.netlink.Route("inet", "main",
                254, "unicast", "203.0.113.0/24", null, null, "eth7", 7, null, "boot", "link", null, null,
                List.of(), List.of())));
        awaitScripts(2, e -> true);
        assertThat(Files.readAllLines(out.resolve("manager.env"))).contains("STATE=degraded",
                "OperationalState=degraded", "CarrierState=carrier");
        assertThat(Files.readAllLines(out.resolve("routes.env"))).contains("LINK=eth0", "LINKINDEX=3",
                "ROUTE_ACTION=add", "ROUTE_DST=198.51.100.0/24", "ROUTE_GATEWAY=10.0.0.1", "ROUTE_TABLE=main");
        Thread.sleep(200);
        assertThat(broker.history(Optional.empty(), Optional.of("script"), 10)).hasSize(2); // eth7 is not watched
    }

    @Test
    void aLeaseRunsRoutableWithTheLeaseInTheEnvironment() throws Exception {
        script("routable", "10-env", "env > " + out + "/env", "rwxr-xr-x");
        DhcpLease lease = LeaseFileParser.parse(LeaseFileParserTest.FILE).get("eth1");
        broker.accept(new NetworkEvent.Lease(4, "eth1", lease));
        awaitScripts(1, e -> true);
        assertThat(Files.readAllLines(out.resolve("env"))).contains("LINK=eth1", "LINKINDEX=4", "STATE=routable",
                "DHCP_LEASE=ADDRESS=192.168.7.20 ROUTER=192.168.7.1 HOSTNAME=box; not a statement");
    }

    @Test
    void eventsAndRunsArePublishedOnTheBusWithTheHistorysIds() throws Exception {
        script("routable", "10-true", "true", "rwxr-xr-x");
        try (EventBus.Subscription sub = bus.subscribe(e -> true, 0)) {
            broker.accept(new NetworkEvent.LinkState(3, "eth0", Map.of("OperationalState", "routable"), false));
            awaitScripts(1, e -> true);
            List<NetworkEventEntry> history = broker.history(Optional.empty(), Optional.empty(), 10);
            List<dev.gantry.common.events.Event> events = sub.drain();
            assertThat(events).extracting(dev.gantry.common.events.Event::id)
                    .containsExactly(history.get(1).id(), history.get(0).id());
            assertThat(events.get(1).data()).isInstanceOfSatisfying(NetworkEventEntry.Data.class, d -> {
                assertThat(d.kind()).isEqualTo("script");
                assertThat(d.detail()).containsEntry("trigger", history.get(1).id());
            });
        }
    }
}
