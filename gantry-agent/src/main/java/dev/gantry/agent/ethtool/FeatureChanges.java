package dev.gantry.agent.ethtool;

import dev.gantry.agent.backend.netlink.EthtoolFeature;
import dev.gantry.agent.backend.netlink.EthtoolFeatureGroup;
import dev.gantry.agent.backend.netlink.EthtoolFeatures;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A feature change by the names {@code ethtool -k} prints and {@code ethtool -K} takes, resolved to
 * kernel feature names against the link's current features: a kernel name ({@code rx-gro},
 * {@code tx-checksum-ip-generic}) stands for itself; a legacy name, long or short
 * ({@code tx-checksumming}, {@code tx}), for its members the driver can change, as the command sets
 * them. An unknown name is a 400; a fixed feature asked to change is a 422 {@code fixed-feature}.
 */
final class FeatureChanges {
    private FeatureChanges() {
    }

    static Map<String, Boolean> resolve(Map<String, Boolean> requested, EthtoolFeatures current) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        List<Problem.FieldError> unknown = new ArrayList<>();
        List<Problem.FieldError> fixed = new ArrayList<>();
        requested.forEach((name, on) -> {
            String field = "features." + name;
            EthtoolFeature feature = current.features().get(name);
            Optional<EthtoolFeatureGroup> group = current.groups().stream()
                    .filter(g -> g.name().equals(name) || g.shortName().equals(name)).findFirst();
            if (feature != null) {
                if (!feature.fixed()) {
                    out.put(name, on);
                } else if (feature.active() != on) {
                    fixed.add(new Problem.FieldError(field, "fixed", "the driver cannot change " + name, on));
                }
            } else if (group.isPresent()) {
                List<String> changeable = group.get().features().stream()
                        .filter(m -> !current.features().get(m).fixed()).toList();
                changeable.forEach(m -> out.put(m, on));
                boolean differs = group.get().features().stream().anyMatch(m -> current.features().get(m).active() != on);
                if (changeable.isEmpty() && differs) {
                    fixed.add(new Problem.FieldError(field, "fixed", "the driver cannot change any feature of "
                            + name + " " + group.get().features(), on));
                }
            } else {
                unknown.add(new Problem.FieldError(field, "unknown-feature",
                        "no such feature; use a name ethtool -k prints or a kernel feature name", name));
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.invalid(unknown);
        }
        if (!fixed.isEmpty()) {
            throw new ApiException(422, "fixed-feature", "Feature fixed by the driver",
                    fixed.size() == 1 ? fixed.getFirst().message() : fixed.size() + " features are fixed by the driver",
                    fixed, Map.of());
        }
        return out;
    }
}
