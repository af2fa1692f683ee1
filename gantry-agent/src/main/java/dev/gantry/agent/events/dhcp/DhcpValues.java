package dev.gantry.agent.events.dhcp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease values as resolved and hostnamed accept them. A lease file is written by dhclient from what
 * a DHCP server sent, so every value is checked before it reaches the bus.
 */
final class DhcpValues {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpValues.class);
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DhcpValues() {
    }

    /** IPv4 and IPv6 literals, as 4 or 16 bytes; anything else is dropped. */
    static List<byte[]> servers(List<String> values) {
        List<byte[]> out = new ArrayList<>();
        for (String v : values) {
            if (IPV4.matcher(v).matches() || (v.indexOf(':') >= 0 && IPV6.matcher(v).matches())) {
                try {
                    out.add(InetAddress.ofLiteral(v).getAddress());
                    continue;
                } catch (IllegalArgumentException e) {
                    // dropped below
                }
            }
            LOG.warn("lease DNS server {} is not an IP address: dropped", quoted(v));
        }
        return out;
    }

    /** DNS names without the trailing dot, lower-cased, duplicates removed. */
    static List<String> domains(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String d = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
            d = d.toLowerCase(Locale.ROOT);
            if (dnsName(d, LABEL)) {
                if (!out.contains(d)) {
                    out.add(d);
                }
            } else {
                LOG.warn("lease domain {} is not a DNS name: dropped", quoted(v));
            }
        }
        return out;
    }

    /** A host name hostnamed accepts: at most 64 characters of DNS labels (lower case). */
    static Optional<String> hostname(String value) {
        String h = value.toLowerCase(Locale.ROOT);
        if (h.length() <= 64 && dnsName(h, HOST_LABEL)) {
            return Optional.of(h);
        }
        LOG.warn("lease host name {} is not a valid host name: ignored", quoted(value));
        return Optional.empty();
    }

    private static boolean dnsName(String name, Pattern label) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String l : name.split("\\.", -1)) {
            if (!label.matcher(l).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Lease text for a log line: quoted, control characters escaped, cut at 80. */
    private static String quoted(String v) {
        StringBuilder sb = new StringBuilder("\"");
        v.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append(Character.toChars(c));
            }
        });
        return sb.append('"').toString();
    }
}
