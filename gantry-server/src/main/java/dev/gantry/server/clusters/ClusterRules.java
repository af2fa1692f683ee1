package dev.gantry.server.clusters;

import dev.gantry.common.http.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The checks and normal forms of cluster fields, each failure a stable code per field. */
final class ClusterRules {
    /** A DNS label: it appears in paths (/clusters/NAME) and in inventory filters. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Proxmox node names are host names. */
    static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,62})");
    static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    static final int PROXMOX_PORT = 8006;
    static final int MAX_TEXT = 200;
    static final int MAX_LIST = 1000;
    static final double MAX_WEIGHT = 1000;

    private ClusterRules() {
    }

    static void name(Violations v, String name) {
        if (v.check(name != null, "name", "required", "a cluster name is required", null)) {
            v.check(NAME.matcher(name).matches(), "name", "pattern",
                    "lowercase letters, digits and '-', 1 to 63 characters, not starting or ending with '-'", name);
        }
    }

    /**
     * {@code text} as scheme://host, with the port it names if any; a bare host name means https, as
     * HyperProxmox's users register clusters by host.
     */
    static Optional<URI> url(String text) {
        String full = text.contains("://") ? text : "https://" + text;
        try {
            URI uri = new URI(full);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean emptyPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && emptyPath
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return Optional.of(new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), null, null, null));
            }
        } catch (URISyntaxException e) {
            // not a URL: empty below
        }
        return Optional.empty();
    }

    /** An agent's URL as given, normalised; it must name a host (the port defaults by scheme). */
    static Optional<URI> agentUrl(String text) {
        return text.contains("://") ? url(text) : Optional.empty();
    }

    static URI withoutPort(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst(":\\d+$", ""));
    }

    static int defaultPort(URI uri) {
        return uri.getScheme().equals("http") ? 80 : 443;
    }

    /** A SHA-256 fingerprint in the form Proxmox shows: 32 upper-case hex pairs joined by ':'. Any case, colons optional. */
    static Optional<String> fingerprint(String text) {
        String hex = text.strip().replace(":", "");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        byte[] bytes = HexFormat.of().parseHex(hex);
        return Optional.of(HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes));
    }

    static void text(Violations v, String field, String value) {
        if (value != null && v.check(!value.isBlank(), field, "required", "must not be blank; leave it out instead", value)) {
            v.check(value.length() <= MAX_TEXT, field, "too-long", "at most " + MAX_TEXT + " characters", value);
        }
    }

    static void names(Violations v, String field, List<String> values, Pattern pattern, String what) {
        if (values == null) {
            return;
        }
        v.check(values.size() <= MAX_LIST, field, "too-many", "at most " + MAX_LIST + " entries", values.size());
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            v.check(value != null && pattern.matcher(value).matches(), field + "[" + i + "]", "pattern", what, value);
        }
    }

    static void weight(Violations v, Double weight) {
        if (weight != null) {
            v.check(Double.isFinite(weight) && weight > 0 && weight <= MAX_WEIGHT, "weight", "range",
                    "a number above 0 and at most " + (int) MAX_WEIGHT + "; 1 is neutral", weight);
        }
    }
}
