package dev.gantry.agent.backend.netlink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every kernel feature of the link in the kernel's order, and the legacy groups that have members. */
public record EthtoolFeatures(Map<String, EthtoolFeature> features, List<EthtoolFeatureGroup> groups) {
    public EthtoolFeatures {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        groups = List.copyOf(groups);
    }
}
