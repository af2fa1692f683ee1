package dev.gantry.agent.events.policy;

import dev.gantry.common.http.Routes;
import java.util.function.Supplier;

/** {@code GET /network/policy-routes}: what {@link PolicyRouting} keeps per link, read from the kernel. */
public final class PolicyRoutesRoute {
    private PolicyRoutesRoute() {
    }

    /** {@code policy} is asked per request: the broker starts (and with it policy routing) after the routes exist. */
    public static void register(Routes routes, Supplier<PolicyRouting> policy) {
        routes.get("/network/policy-routes")
                .summary("List the per-link routing tables and rules the event broker keeps (RoutingPolicyRules)")
                .description("One entry per link in `[Events] RoutingPolicyRules` (`index` and `table` null "
                        + "when the link does not exist), then leftovers of ours (`managed` false) that the "
                        + "next reconcile removes. Read from the kernel: table `9999 + index` with its "
                        + "default and connected routes, and the `from`/`to` rules of each address, all "
                        + "marked with protocol 195.")
                .returnsListOf(PolicyRoutes.class)
                .handle(req -> policy.get().snapshot());
    }
}
