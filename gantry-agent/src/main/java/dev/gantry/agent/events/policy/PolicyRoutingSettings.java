package dev.gantry.agent.events.policy;

import java.util.List;

/**
 * What {@link PolicyRouting} manages: the links named in {@code RoutingPolicyRules=} (exact names,
 * not substrings). Empty means the feature is off.
 */
public record PolicyRoutingSettings(List<String> links) {
    public PolicyRoutingSettings {
        links = List.copyOf(links);
    }

    public static PolicyRoutingSettings off() {
        return new PolicyRoutingSettings(List.of());
    }

    public boolean enabled() {
        return !links.isEmpty();
    }
}
