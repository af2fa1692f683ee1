package dev.gantry.agent.backend.netlink;

import java.util.List;

/** A legacy name ({@code ethtool -k}'s group line) and the kernel features it stands for. */
public record EthtoolFeatureGroup(String name, String shortName, boolean active, boolean fixed,
                                  List<String> features) {
    public EthtoolFeatureGroup {
        features = List.copyOf(features);
    }
}
