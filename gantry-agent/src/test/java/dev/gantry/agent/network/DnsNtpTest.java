package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.http.ApiModule;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS and NTP routes in memory: drop-ins in a temporary directory, a recording stand-in for
 * resolved/timesyncd (no bus; rtnetlink only read for lo). That resolved really applies them is
 * DnsNtpIT's, in a box.
 */
class DnsNtpTest {
    @TempDir
    Path dir;
    private Rtnl rtnl;
    private Dispatcher dispatcher;
    private final List<String> calls = new ArrayList<>();
    private boolean running = true;

    private final class FakeResolved extends Resolved {
        FakeResolved() {
            super(null);
        }

        @Override
        public Optional<Status> status() {
            if (!running) {
                return Optional.empty();
            }
            int lo = rtnl.link("lo").orElseThrow().index();
            return Optional.of(new Status(List.of(new Server(0, "192.0.2.53"), new Server(lo, "192.0.2.1")),
                    new Server(0, "192.0.2.53"),
                    List.of(new Domain(0, "example.org", false), new Domain(lo, "corp", true))));
        }

        @Override
        public Optional<Map<Integer, LinkState>> networkdLinks() {
            if (!running) {
                return Optional.empty();
            }
            return Optional.of(Map.of(rtnl.link("lo").orElseThrow().index(),
                    new LinkState("unmanaged", "carrier", "carrier", "off", "offline", null)));
        }

        @Override
        public Optional<PropertyValues> timesync() {
            return Optional.empty();
        }

        @Override
        public void setLink(int ifindex, List<byte[]> servers, List<Domain> domains) {
            calls.add("setLink " + ifindex + " " + (servers == null ? null : servers.size()) + " "
                    + (domains == null ? null : domains.stream().map(Domain::text).toList()));
        }

        @Override
        public void revertLink(int ifindex) {
            calls.add("revert " + ifindex);
        }

        @Override
        public void restart(String verb, String unit) {
            calls.add(verb + " " + unit);
        }
    }

    @BeforeEach
    void setUp() {
        rtnl = Rtnl.host();
        DnsNtp dnsNtp = new DnsNtp(rtnl, new FakeResolved(), dir.resolve("resolved.conf.d/50-gantry.conf"),
                dir.resolve("timesyncd.conf.d/50-gantry.conf"));
        ApiModule module = new ApiModule() {
            @Override
            public String name() {
                return "network";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public void register(Routes routes) {
                dnsNtp.register(routes);
            }
        };
        dispatcher = new Dispatcher(new Routes("/api/v1").add(module).all());
    }

    @AfterEach
    void tearDown() {
        rtnl.close();
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        int q = path.indexOf('?');
        RawResponse r = dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1),
                Map.of("Content-Type", "application/json")::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), Authenticator.none());
        return new Answer(r.status(), r.body().length == 0 ? null : Json.mapper().readTree(r.body()));
    }

    @Test
    void putDnsWritesTheDropInRestartsResolvedAndGetReadsItBack() throws Exception {
        Answer put = call("PUT", "/api/v1/network/dns", "{\"dns\":[\"192.0.2.53\",\"2001:db8::53\"],"
                + "\"domains\":[\"example.org\",\"~corp\"]}");
        assertThat(put.status()).isEqualTo(200);
        Path file = dir.resolve("resolved.conf.d/50-gantry.conf");
        assertThat(Files.readString(file)).endsWith("[Resolve]\nDNS=192.0.2.53 2001:db8::53\nDomains=example.org ~corp\n");
        assertThat(calls).containsExactly("reload-or-restart systemd-resolved.service");
        Answer get = call("GET", "/api/v1/network/dns", null);
        assertThat(get.json().get("file").get("dns").toString()).isEqualTo("[\"192.0.2.53\",\"2001:db8::53\"]");
        assertThat(get.json().get("currentDns").toString()).isEqualTo("[\"192.0.2.53\"]");
        assertThat(get.json().get("currentDnsServer").asText()).isEqualTo("192.0.2.53");
        assertThat(get.json().get("currentDomains").toString()).isEqualTo("[\"example.org\"]");
    }

    @Test
    void dryRunAndBadInputChangeNothing() throws Exception {
        Answer dry = call("PUT", "/api/v1/network/dns?dryRun=true", "{\"dns\":[\"192.0.2.53\"]}");
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("diff").asText()).contains("+DNS=192.0.2.53\n");
        Answer bad = call("PUT", "/api/v1/network/dns", "{\"dns\":[\"192.0.2.300\"],\"domains\":[\"a b\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().toString()).contains("dns[0]", "domains[0]");
        Answer badNtp = call("PUT", "/api/v1/network/ntp", "{\"ntp\":[\"bad host!\"]}");
        assertThat(badNtp.status()).isEqualTo(400);
        assertThat(Files.exists(dir.resolve("resolved.conf.d"))).isFalse();
        assertThat(Files.exists(dir.resolve("timesyncd.conf.d"))).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void resolvedNotRunningIsNullsNotAnError() throws Exception {
        running = false;
        Answer get = call("GET", "/api/v1/network/dns", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("resolvedRunning").asBoolean()).isFalse();
        assertThat(get.json().hasNonNull("currentDns")).isFalse();
        assertThat(get.json().hasNonNull("file")).isFalse();
        Answer put = call("PUT", "/api/v1/network/dns", "{\"dns\":[\"192.0.2.9\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(calls).isEmpty();
    }

    @Test
    void ntpWritesTheDropInAndTryRestartsTimesyncd() throws Exception {
        Answer put = call("PUT", "/api/v1/network/ntp", "{\"ntp\":[\"ntp.example.org\",\"192.0.2.123\"],\"fallbackNtp\":[]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("timesyncd.conf.d/50-gantry.conf")))
                .endsWith("[Time]\nNTP=ntp.example.org 192.0.2.123\nFallbackNTP=\n");
        assertThat(calls).containsExactly("try-restart systemd-timesyncd.service");
        assertThat(put.json().get("timesyncdRunning").asBoolean()).isFalse();
        assertThat(put.json().get("file").get("ntp").toString()).isEqualTo("[\"ntp.example.org\",\"192.0.2.123\"]");
        assertThat(put.json().get("file").get("fallbackNtp").toString()).isEqualTo("[]");
    }

    @Test
    void linkDnsSetsOverResolvedAndShowsTheLinksServers() throws Exception {
        int lo = rtnl.link("lo").orElseThrow().index();
        Answer put = call("PUT", "/api/v1/network/links/lo/dns", "{\"dns\":[\"192.0.2.1\"],\"domains\":[\"~corp\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(calls).containsExactly("setLink " + lo + " 1 [~corp]");
        assertThat(put.json().get("dns").toString()).isEqualTo("[\"192.0.2.1\"]");
        assertThat(put.json().get("domains").toString()).isEqualTo("[\"~corp\"]");
        assertThat(call("DELETE", "/api/v1/network/links/lo/dns", null).status()).isEqualTo(200);
        assertThat(calls).endsWith("revert " + lo);
    }

    @Test
    void linkDnsBadInputIs4xxAndCallsNothing() throws Exception {
        assertThat(call("PUT", "/api/v1/network/links/gt-nosuch0/dns", "{\"dns\":[\"192.0.2.1\"]}").status())
                .isEqualTo(404);
        Answer bad = call("PUT", "/api/v1/network/links/lo/dns", "{\"dns\":[\"192.0.2.1:53\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(call("PUT", "/api/v1/network/links/lo/dns", "{}").status()).isEqualTo(400);
        assertThat(calls).isEmpty();
    }

    @Test
    void parseFollowsSystemdListRules() {
        Map<String, List<String>> keys = DnsNtp.parse("[Resolve]\nDNS=1.1.1.1\nDNS=\nDNS=9.9.9.9 8.8.8.8\n"
                + "# DNS=7.7.7.7\n[Other]\nDNS=6.6.6.6\n", "Resolve");
        assertThat(keys.get("DNS")).containsExactly("9.9.9.9", "8.8.8.8");
        assertThat(keys).doesNotContainKey("Domains");
    }

    @Test
    void describeJoinsKernelNetworkdAndResolved() throws Exception {
        Answer d = call("GET", "/api/v1/network", null);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.json().get("networkdRunning").asBoolean()).isTrue();
        JsonNode lo = null;
        for (JsonNode l : d.json().get("links")) {
            if (l.get("name").asText().equals("lo")) {
                lo = l;
            }
        }
        assertThat(lo).isNotNull();
        assertThat(lo.get("networkd").get("administrativeState").asText()).isEqualTo("unmanaged");
        assertThat(lo.get("addresses").toString()).contains("127.0.0.1/8");
        assertThat(lo.get("dns").toString()).isEqualTo("[\"192.0.2.1\"]");
        assertThat(d.json().get("links").size()).isEqualTo(rtnl.links().size());
        assertThat(d.json().get("dns").get("currentDnsServer").asText()).isEqualTo("192.0.2.53");

        running = false;
        Answer down = call("GET", "/api/v1/network", null);
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.json().get("networkdRunning").asBoolean()).isFalse();
        assertThat(down.json().get("links").get(0).hasNonNull("networkd")).isFalse();
        assertThat(down.json().get("links").get(0).hasNonNull("dns")).isFalse();
    }

    @Test
    void networkdDescribeJsonIsReadByIndex() {
        Map<Integer, Resolved.LinkState> states = Resolved.parseDescribe("{\"Interfaces\":[{\"Index\":1,\"Name\":\"lo\","
                + "\"AdministrativeState\":\"unmanaged\",\"OperationalState\":\"carrier\",\"CarrierState\":\"carrier\","
                + "\"AddressState\":\"off\",\"OnlineState\":null},{\"Index\":7,\"AdministrativeState\":\"configured\","
                + "\"OperationalState\":\"routable\",\"LinkFile\":\"/etc/systemd/network/50-gantry-up.link\"}]}");
        assertThat(states.get(1)).isEqualTo(new Resolved.LinkState("unmanaged", "carrier", "carrier", "off", null, null));
        assertThat(states.get(7).operationalState()).isEqualTo("routable");
        assertThat(states.get(7).linkFile()).isEqualTo("/etc/systemd/network/50-gantry-up.link");
        assertThat(Resolved.parseDescribe("not json")).isEmpty();
    }
}
