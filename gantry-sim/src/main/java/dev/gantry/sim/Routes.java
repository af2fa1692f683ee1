package dev.gantry.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code /api2/json} paths the simulator answers, each with its template ({@code /nodes/{node}/qemu}),
 * which names what the call counters count. A path or method not here answers 501, as pveproxy does.
 */
final class Routes {
    /** One call, routed: path variables, parameters, and the signed-in user (or token id). */
    record Call(SimCluster cluster, Map<String, String> vars, Params params, String user) {
        String var(String name) {
            return vars.get(name);
        }
    }

    @FunctionalInterface
    interface Endpoint {
        Object answer(Call call);
    }

    record Route(String method, String template, String[] parts, boolean open, Endpoint endpoint) {
        String key() {
            return method + " " + template;
        }
    }

    record Match(Route route, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route that needs a ticket or token. */
    Routes add(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, template, template.substring(1).split("/"), false, endpoint));
        return this;
    }

    /** A route anyone may call ({@code /access/ticket}, Proxmox's "world" permission). */
    Routes addOpen(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, template, template.substring(1).split("/"), true, endpoint));
        return this;
    }

    Optional<Match> match(String method, String path) {
        String[] segments = path.substring(1).split("/", -1);
        for (Route route : routes) {
            if (!route.method.equals(method) || route.parts.length != segments.length) {
                continue;
            }
            Map<String, String> vars = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < segments.length && matches; i++) {
                String part = route.parts[i];
                if (part.startsWith("{")) {
                    vars.put(part.substring(1, part.length() - 1), segments[i]);
                    matches = !segments[i].isEmpty();
                } else {
                    matches = part.equals(segments[i]);
                }
            }
            if (matches) {
                return Optional.of(new Match(route, vars));
            }
        }
        return Optional.empty();
    }
}
