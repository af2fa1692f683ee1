package dev.gantry.server.resources.networks;

import java.util.Optional;
import java.util.regex.Pattern;

/** IPv4 addresses and prefixes as the API writes them ({@code 10.0.0.5}, {@code 10.0.0.0/24}). */
public final class Ipv4 {
    private static final Pattern DOTTED = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    /** A network: its first address and prefix length. */
    public record Cidr(long network, int prefix) {
        public long broadcast() {
            return network | (0xFFFFFFFFL >>> prefix);
        }

        public boolean containsHost(long address) {
            return address > network && address < broadcast();
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }

    private Ipv4() {
    }

    public static Optional<Long> parse(String text) {
        if (text == null || !DOTTED.matcher(text).matches()) {
            return Optional.empty();
        }
        long value = 0;
        for (String part : text.split("\\.")) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            value = value << 8 | octet;
        }
        return Optional.of(value);
    }

    /** A CIDR with no host bits set; prefixes 8-30, so there is room for a gateway and hosts. */
    public static Optional<Cidr> parseCidr(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,2}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(text.substring(slash + 1));
        Optional<Long> address = parse(text.substring(0, slash));
        if (address.isEmpty() || prefix < 8 || prefix > 30) {
            return Optional.empty();
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address.get() & ~mask & 0xFFFFFFFFL) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address.get(), prefix));
    }

    public static String format(long address) {
        return (address >>> 24 & 255) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }
}
