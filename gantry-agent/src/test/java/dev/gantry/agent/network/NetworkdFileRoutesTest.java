package dev.gantry.agent.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.dbus.network.Networkd;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network module's networkd file routes in memory, for the .network and .netdev tests: a
 * temporary directory and a recording stand-in for networkd (no bus, the host untouched; rtnetlink
 * is only read, for lo's ifindex).
 */
abstract class NetworkdFileRoutesTest {
    @TempDir
    Path dir;
    Rtnl rtnl;
    private Dispatcher dispatcher;
    final List<String> calls = new ArrayList<>();
    boolean running = true;

    private final class FakeNetworkd extends Networkd {
        FakeNetworkd() {
            super(null);
        }

        @Override
        public void requireRunning() {
            calls.add("ping");
            if (!running) {
                throw ApiException.unavailable("systemd-networkd", "not running");
            }
        }

        @Override
        public void reload(Integer ifindex) {
            calls.add("reload " + ifindex);
        }

        @Override
        public Resolved resolved() {
            return new Resolved(null) {
                @Override
                public Optional<Map<Integer, LinkState>> networkdLinks() {
                    return networkdLinks;
                }
            };
        }
    }

    /** What networkd's Describe() answers per ifindex; empty: networkd is not on the bus. */
    Optional<Map<Integer, Resolved.LinkState>> networkdLinks = Optional.empty();

    @BeforeEach
    void setUp() {
        rtnl = Rtnl.host();
        dispatcher = new Dispatcher(new Routes("/api/v1").add(module(rtnl, new FakeNetworkd())).all());
    }

    /** The module under test; with the real LinkSetup, which the .network and .netdev tests never reach. */
    NetworkModule module(Rtnl rtnl, Networkd networkd) {
        return new NetworkModule(rtnl, networkd, dir);
    }

    @AfterEach
    void tearDown() {
        rtnl.close();
    }

    record Answer(int status, JsonNode json) {
    }

    Answer call(String method, String path, String body) throws Exception {
        int q = path.indexOf('?');
        RawResponse r = dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1),
                Map.of("Content-Type", "application/json")::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), Authenticator.none());
        return new Answer(r.status(), r.body().length == 0 ? null : Json.mapper().readTree(r.body()));
    }
}
