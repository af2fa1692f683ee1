package dev.gantry.agent.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One lease block of a dhclient lease file. {@code options} maps each {@code option NAME VALUE;} to
 * its value as written, quotes removed ({@code domain-name-servers → "10.0.0.2, 10.0.0.3"}).
 */
public record DhcpLease(String iface, String fixedAddress, Map<String, String> options) {
    public DhcpLease {
        options = Map.copyOf(options);
    }

    public List<String> routers() {
        return list("routers");
    }

    public List<String> dns() {
        return list("domain-name-servers");
    }

    /** {@code domain-search} when given, else {@code domain-name} (both may hold several names). */
    public List<String> domains() {
        List<String> search = list("domain-search");
        return search.isEmpty() ? list("domain-name") : search;
    }

    public Optional<String> hostname() {
        return Optional.ofNullable(options.get("host-name")).filter(h -> !h.isBlank());
    }

    public Optional<String> subnetMask() {
        return Optional.ofNullable(options.get("subnet-mask"));
    }

    private List<String> list(String option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).map(s -> s.replace("\"", "")).filter(s -> !s.isEmpty()).toList();
    }
}
