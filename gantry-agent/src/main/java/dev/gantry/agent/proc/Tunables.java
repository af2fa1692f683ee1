package dev.gantry.agent.proc;

import dev.gantry.agent.backend.sysctl.Sysctl;
import dev.gantry.common.http.Violations;

/**
 * photon-mgmtd's /proc/sys routes as sysctl keys, read and written only through {@link Sysctl}:
 * {@code net/{family}/{property}} is {@code net.<family>.<property>},
 * {@code net/{family}/{link}/{property}} is {@code net.<family>.conf.<link>.<property>} (the per-link
 * settings live under conf/), {@code vm/{property}} is {@code vm.<property>}. Every path segment is
 * checked before anything is read or written: a bad one is a 400 naming it.
 */
final class Tunables {
    static final java.util.List<String> FAMILIES = java.util.List.of("core", "ipv4", "ipv6");

    private final Sysctl sysctl;

    Tunables(Sysctl sysctl) {
        this.sysctl = sysctl;
    }

    static String netKey(String family, String link, String property) {
        Violations v = new Violations();
        v.check(FAMILIES.contains(family), "family", "one-of", "one of core, ipv4, ipv6", family);
        checkProperty(v, property);
        if (link != null) {
            v.check(!family.equals("core"), "link", "no-link", "net.core has no per-link settings", link);
            v.check(isLinkName(link), "link", "pattern",
                    "an interface name: 1-15 characters, no '/', blank or ':', not '.' or '..'", link);
        }
        v.throwIfAny();
        return link == null ? "net." + family + "." + property
                : "net." + family + ".conf." + link.replace('.', '/') + "." + property;
    }

    static String vmKey(String property) {
        Violations v = new Violations();
        checkProperty(v, property);
        v.throwIfAny();
        return "vm." + property;
    }

    private static void checkProperty(Violations v, String property) {
        boolean ok = !property.isEmpty() && property.length() <= 64;
        for (int i = 0; ok && i < property.length(); i++) {
            char c = property.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        v.check(ok, "property", "pattern", "1-64 of a-z 0-9 _ -", property);
    }

    /** The kernel's rules for interface names (dev_valid_name), plus the sysctl key's character set. */
    static boolean isLinkName(String link) {
        if (link.isEmpty() || link.length() > 15 || link.equals(".") || link.equals("..")) {
            return false;
        }
        for (int i = 0; i < link.length(); i++) {
            char c = link.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == '@' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A write-only key (such as {@code vm.compact_memory}) answers without a value. */
    ProcViews.Tunable read(String key) {
        return new ProcViews.Tunable(key, sysctl.read(key).orElse(null));
    }

    ProcViews.Tunable write(String key, String value) {
        Sysctl.checkValue(value, "value");
        sysctl.write(key, value);
        return new ProcViews.Tunable(key, sysctl.read(key).orElse(value));
    }
}
