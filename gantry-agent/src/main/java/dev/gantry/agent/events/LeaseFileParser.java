package dev.gantry.agent.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a dhclient lease file ({@code dhclient.leases(5)}): {@code lease { ... }} blocks of
 * {@code interface "eth0";}, {@code fixed-address A;} and {@code option NAME VALUE;} statements.
 * dhclient appends a block per lease it gets, so the last block of an interface is its current lease.
 * {@code lease6} blocks (DHCPv6) and other statements ({@code renew}, {@code expire}...) are skipped.
 */
final class LeaseFileParser {
    private LeaseFileParser() {
    }

    /** The last IPv4 lease of each interface named in {@code text}, in order of first appearance. */
    static Map<String, DhcpLease> parse(String text) {
        Map<String, DhcpLease> leases = new LinkedHashMap<>();
        StringBuilder statement = new StringBuilder();
        boolean inLease = false;
        int depth = 0;
        String iface = null;
        String address = null;
        Map<String, String> options = new LinkedHashMap<>();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                statement.append(c);
            } else if (quoted) {
                statement.append(c);
            } else if (c == '#') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '{') {
                if (depth == 0) {
                    inLease = statement.toString().trim().equals("lease");
                    iface = null;
                    address = null;
                    options = new LinkedHashMap<>();
                }
                depth++;
                statement.setLength(0);
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
                if (depth == 0 && inLease && iface != null) {
                    leases.remove(iface); // the newest block decides the order too
                    leases.put(iface, new DhcpLease(iface, address, options));
                }
                statement.setLength(0);
            } else if (c == ';') {
                if (inLease && depth == 1) {
                    String[] words = statement.toString().trim().split("\\s+", 3);
                    switch (words[0]) {
                        case "interface" -> iface = words.length > 1 ? unquote(words[1]) : null;
                        case "fixed-address" -> address = words.length > 1 ? words[1] : null;
                        case "option" -> {
                            if (words.length == 3) {
                                options.put(words[1], unquote(words[2].trim()));
                            }
                        }
                        default -> {
                        }
                    }
                }
                statement.setLength(0);
            } else {
                statement.append(c);
            }
        }
        return leases;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
