package dev.gantry.agent.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The sections and keys of a systemd-networkd {@code .network} file that the agent writes, by
 * networkd's own names (systemd.network(5)), each key with the type its values must have. Adding a
 * key is one line in {@link #TABLE}.
 */
final class NetworkdKeys {
    private NetworkdKeys() {
    }

    /** What a value may be: {@code hint} is the message of a violation. */
    record Type(String name, String hint, Predicate<String> valid) {
        boolean isBool() {
            return this == BOOL;
        }

        boolean isInteger() {
            return name.equals("integer");
        }

        /** Whether JSON true/false may be given for this type (rendered yes/no). */
        boolean takesJsonBool() {
            return isBool() || valid.test("yes") && valid.test("no");
        }
    }

    record Key(String name, Type type, boolean list) {
    }

    /** A section: {@code repeated} ones are JSON arrays of objects and repeated [Section]s in the file. */
    record Section(String name, boolean repeated, Map<String, Key> keys) {
    }

    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");
    private static final Pattern TIMESPAN = Pattern.compile(
            "infinity|[0-9]+(\\.[0-9]+)?\\s*[a-z]*(\\s*[0-9]+(\\.[0-9]+)?\\s*[a-z]*)*");
    private static final Pattern BYTES = Pattern.compile("[0-9]+[KMG]?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?");
    private static final Pattern DOMAIN = Pattern.compile("~?[A-Za-z0-9_.-]{1,253}|~\\.?");
    private static final Pattern PORTS = Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?");
    private static final Pattern ONLINE = Pattern.compile(
            "yes|no|true|false|(missing|off|no-carrier|dormant|degraded-carrier|carrier|degraded|enslaved|routable)"
                    + "(:(missing|off|no-carrier|dormant|degraded-carrier|carrier|degraded|enslaved|routable))?");

    static final Type BOOL = new Type("boolean", "yes, no, true or false (or a JSON boolean)",
            v -> Set.of("yes", "no", "true", "false", "1", "0", "on", "off").contains(v));
    static final Type STRING = new Type("string", "text on one line", v -> !v.isEmpty()
            && v.chars().noneMatch(c -> c < 32 || c == 127) && v.strip().equals(v));
    static final Type ADDRESS = new Type("address", "an IPv4 or IPv6 address", v -> Ip.address(v).isPresent());
    static final Type CIDR = new Type("cidr", "an IPv4 or IPv6 address with its prefix length, e.g. 10.0.0.1/24",
            v -> Ip.prefix(v, true).isPresent());
    static final Type ADDRESS_OR_CIDR = new Type("address", "an IPv4 or IPv6 address, optionally with /prefix",
            v -> Ip.prefix(v, false).isPresent());
    static final Type GATEWAY = new Type("gateway", "an IPv4 or IPv6 address, _dhcp4 or _ipv6ra",
            v -> v.equals("_dhcp4") || v.equals("_ipv6ra") || Ip.address(v).isPresent());
    static final Type DNS_SERVER = new Type("dns-server",
            "an IPv4 or IPv6 address, optionally with :port ([addr]:port for IPv6), %ifname and #server-name",
            NetworkdKeys::dnsServer);
    static final Type NTP_SERVER = new Type("ntp-server", "an IP address or a host name",
            v -> Ip.address(v).isPresent() || HOST.matcher(v).matches());
    static final Type DOMAIN_NAME = new Type("domain", "a domain name, ~domain (routing only) or ~.",
            v -> DOMAIN.matcher(v).matches());
    static final Type MAC_ADDRESS = new Type("mac", "a MAC address such as 02:00:00:00:00:01",
            v -> MAC.matcher(v).matches());
    static final Type IFNAME_T = new Type("interface-name", "an interface name (1 to 15 of A-Z a-z 0-9 _ . : -)",
            v -> IFNAME.matcher(v).matches() && !v.equals(".") && !v.equals(".."));
    static final Type TIMESPAN_T = new Type("timespan", "a time span such as 30s, 5min, 1h 30min or infinity",
            v -> TIMESPAN.matcher(v).matches());
    static final Type BYTES_T = new Type("bytes", "a size in bytes, optionally with K, M or G", v -> BYTES.matcher(v).matches());
    static final Type PORTS_T = new Type("ports", "a port or a range such as 1000-2000", v -> PORTS.matcher(v).matches());
    static final Type OPERSTATE = new Type("required-for-online",
            "yes, no, or an operational state (e.g. routable) or a range min:max", v -> ONLINE.matcher(v).matches());

    static Type oneOf(String... values) {
        Set<String> set = Set.of(values);
        return new Type("enum", "one of " + String.join(", ", values), set::contains);
    }

    static Type integer(long min, long max) {
        return new Type("integer", "a whole number from " + min + " to " + max, v -> {
            try {
                long n = Long.parseLong(v);
                return n >= min && n <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    /** Either of two types (the hint names both). */
    static Type either(Type a, Type b) {
        return new Type(a.name() + "|" + b.name(), a.hint() + ", or " + b.hint(), v -> a.valid().test(v) || b.valid().test(v));
    }

    private static final long U32 = 4294967295L;
    private static final Type YES_NO_V4_V6 = oneOf("yes", "no", "ipv4", "ipv6");
    private static final Type YES_NO_RESOLVE = oneOf("yes", "no", "resolve");
    private static final Type USE_DOMAINS = oneOf("yes", "no", "route");
    private static final Type TABLE = either(integer(1, U32), STRING);

    static Key key(String name, Type type) {
        return new Key(name, type, false);
    }

    static Key list(String name, Type type) {
        return new Key(name, type, true);
    }

    static Section section(String name, boolean repeated, Key... keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key k : keys) {
            map.put(k.name(), k);
        }
        return new Section(name, repeated, Map.copyOf(map));
    }

    /** The table, in the order sections are written. */
    static final List<Section> SECTIONS = List.of(
            section("Match", false,
                    key("Name", IFNAME_T),
                    list("MACAddress", MAC_ADDRESS),
                    list("PermanentMACAddress", MAC_ADDRESS),
                    list("Driver", STRING),
                    list("Type", STRING),
                    list("Kind", STRING),
                    list("Path", STRING)),
            section("Link", false,
                    key("MACAddress", MAC_ADDRESS),
                    key("MTUBytes", BYTES_T),
                    key("ARP", BOOL),
                    key("Multicast", BOOL),
                    key("AllMulticast", BOOL),
                    key("Promiscuous", BOOL),
                    key("Unmanaged", BOOL),
                    key("Group", integer(0, 2147483647)),
                    key("RequiredForOnline", OPERSTATE),
                    key("RequiredFamilyForOnline", oneOf("ipv4", "ipv6", "both", "any")),
                    key("ActivationPolicy", oneOf("up", "always-up", "manual", "always-down", "down", "bound"))),
            section("Network", false,
                    key("Description", STRING),
                    key("DHCP", YES_NO_V4_V6),
                    key("DHCPServer", BOOL),
                    key("LinkLocalAddressing", oneOf("yes", "no", "ipv4", "ipv6", "fallback", "ipv4-fallback")),
                    key("IPv6LinkLocalAddressGenerationMode", oneOf("eui64", "none", "stable-privacy", "random")),
                    key("MulticastDNS", YES_NO_RESOLVE),
                    key("LLMNR", YES_NO_RESOLVE),
                    key("DNSSEC", oneOf("yes", "no", "allow-downgrade")),
                    key("DNSOverTLS", oneOf("yes", "no", "opportunistic")),
                    key("DNSDefaultRoute", BOOL),
                    list("DNS", DNS_SERVER),
                    list("Domains", DOMAIN_NAME),
                    list("NTP", NTP_SERVER),
                    list("Address", ADDRESS_OR_CIDR),
                    list("Gateway", GATEWAY),
                    key("IPv6AcceptRA", BOOL),
                    key("IPv6SendRA", BOOL),
                    key("IPv6PrivacyExtensions", oneOf("yes", "no", "prefer-public", "kernel")),
                    key("IPv6DuplicateAddressDetection", integer(0, 65535)),
                    key("IPv4Forwarding", BOOL),
                    key("IPv6Forwarding", BOOL),
                    key("IPMasquerade", oneOf("ipv4", "ipv6", "both", "no")),
                    key("IPv4ProxyARP", BOOL),
                    key("IPv6ProxyNDP", BOOL),
                    key("ConfigureWithoutCarrier", BOOL),
                    key("IgnoreCarrierLoss", either(BOOL, TIMESPAN_T)),
                    key("KeepConfiguration", oneOf("yes", "static", "dhcp-on-stop", "dhcp", "no")),
                    key("LLDP", oneOf("yes", "no", "routers-only")),
                    key("EmitLLDP", oneOf("yes", "no", "nearest-bridge", "non-tpmr-bridge", "customer-bridge")),
                    key("DHCPPrefixDelegation", BOOL),
                    key("Bridge", IFNAME_T),
                    key("Bond", IFNAME_T),
                    key("VRF", IFNAME_T),
                    list("VLAN", IFNAME_T),
                    list("MACVLAN", IFNAME_T),
                    list("IPVLAN", IFNAME_T),
                    list("VXLAN", IFNAME_T),
                    list("Tunnel", IFNAME_T)),
            section("Address", true,
                    key("Address", CIDR),
                    key("Peer", CIDR),
                    key("Broadcast", either(BOOL, ADDRESS)),
                    key("Label", STRING),
                    key("PreferredLifetime", oneOf("forever", "infinity", "0")),
                    key("Scope", either(oneOf("global", "link", "host"), integer(0, 255))),
                    key("RouteMetric", integer(0, U32)),
                    key("HomeAddress", BOOL),
                    key("DuplicateAddressDetection", oneOf("ipv4", "ipv6", "both", "none")),
                    key("ManageTemporaryAddress", BOOL),
                    key("AddPrefixRoute", BOOL),
                    key("AutoJoin", BOOL)),
            section("Route", true,
                    key("Gateway", GATEWAY),
                    key("GatewayOnLink", BOOL),
                    key("Destination", ADDRESS_OR_CIDR),
                    key("Source", ADDRESS_OR_CIDR),
                    key("PreferredSource", ADDRESS),
                    key("Metric", integer(0, U32)),
                    key("IPv6Preference", oneOf("low", "medium", "high")),
                    key("Scope", oneOf("global", "site", "link", "host", "nowhere")),
                    key("Table", TABLE),
                    key("Protocol", either(oneOf("kernel", "boot", "static", "ra", "dhcp"), integer(0, 255))),
                    key("Type", oneOf("unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
                            "unreachable", "prohibit", "throw", "nat", "xresolve")),
                    key("InitialCongestionWindow", integer(1, 1023)),
                    key("InitialAdvertisedReceiveWindow", integer(1, 1023)),
                    key("MTUBytes", BYTES_T),
                    key("QuickAck", BOOL),
                    key("FastOpenNoCookie", BOOL)),
            section("RoutingPolicyRule", true,
                    key("TypeOfService", integer(0, 255)),
                    key("From", ADDRESS_OR_CIDR),
                    key("To", ADDRESS_OR_CIDR),
                    key("FirewallMark", STRING),
                    key("Table", TABLE),
                    key("Priority", integer(0, U32)),
                    key("IncomingInterface", IFNAME_T),
                    key("OutgoingInterface", IFNAME_T),
                    key("L3MasterDevice", BOOL),
                    key("SourcePort", PORTS_T),
                    key("DestinationPort", PORTS_T),
                    key("IPProtocol", either(oneOf("tcp", "udp", "sctp", "icmp", "ipv6-icmp"), integer(0, 255))),
                    key("InvertRule", BOOL),
                    key("Family", oneOf("ipv4", "ipv6", "both")),
                    key("User", STRING),
                    key("SuppressPrefixLength", integer(0, 128)),
                    key("SuppressInterfaceGroup", integer(0, 2147483647)),
                    key("Type", oneOf("blackhole", "unreachable", "prohibit"))),
            section("DHCPv4", false,
                    key("ClientIdentifier", oneOf("mac", "duid")),
                    key("VendorClassIdentifier", STRING),
                    key("DUIDType", STRING),
                    key("DUIDRawData", STRING),
                    key("IAID", integer(0, U32)),
                    key("Hostname", STRING),
                    key("SendHostname", BOOL),
                    key("UseDNS", BOOL),
                    key("UseNTP", BOOL),
                    key("UseSIP", BOOL),
                    key("UseMTU", BOOL),
                    key("UseHostname", BOOL),
                    key("UseDomains", USE_DOMAINS),
                    key("UseRoutes", BOOL),
                    key("UseGateway", BOOL),
                    key("UseTimezone", BOOL),
                    key("RouteMetric", integer(0, U32)),
                    key("RouteTable", integer(1, U32)),
                    key("Anonymize", BOOL),
                    key("RequestBroadcast", BOOL),
                    key("MaxAttempts", either(integer(1, U32), oneOf("infinity"))),
                    key("ListenPort", integer(1, 65535)),
                    key("SendRelease", BOOL),
                    list("RequestOptions", integer(1, 254)),
                    list("SendOption", STRING),
                    key("Label", STRING)),
            section("DHCPv6", false,
                    key("UseAddress", BOOL),
                    key("UseDelegatedPrefix", BOOL),
                    key("UseDNS", BOOL),
                    key("UseNTP", BOOL),
                    key("UseHostname", BOOL),
                    key("UseDomains", USE_DOMAINS),
                    key("RapidCommit", BOOL),
                    key("WithoutRA", oneOf("no", "solicit", "information-request")),
                    key("DUIDType", STRING),
                    key("DUIDRawData", STRING),
                    key("IAID", integer(0, U32)),
                    key("PrefixDelegationHint", CIDR),
                    list("RequestOptions", integer(1, 65535)),
                    list("SendOption", STRING),
                    list("SendVendorOption", STRING),
                    list("UserClass", STRING),
                    list("VendorClass", STRING)),
            section("DHCPServer", false,
                    key("ServerAddress", CIDR),
                    key("PoolOffset", integer(0, U32)),
                    key("PoolSize", integer(0, U32)),
                    key("DefaultLeaseTimeSec", TIMESPAN_T),
                    key("MaxLeaseTimeSec", TIMESPAN_T),
                    key("UplinkInterface", either(IFNAME_T, oneOf(":none", ":auto"))),
                    key("EmitDNS", BOOL),
                    list("DNS", ADDRESS),
                    key("EmitNTP", BOOL),
                    list("NTP", ADDRESS),
                    key("EmitSIP", BOOL),
                    list("SIP", ADDRESS),
                    key("EmitRouter", BOOL),
                    key("Router", ADDRESS),
                    key("EmitTimezone", BOOL),
                    key("Timezone", STRING),
                    key("BootServerAddress", ADDRESS),
                    key("BootServerName", STRING),
                    key("BootFilename", STRING),
                    key("RelayTarget", ADDRESS),
                    list("SendOption", STRING),
                    list("SendVendorOption", STRING),
                    key("BindToInterface", BOOL),
                    key("PersistLeases", BOOL)),
            section("DHCPServerStaticLease", true,
                    key("MACAddress", MAC_ADDRESS),
                    key("Address", ADDRESS)),
            section("IPv6SendRA", false,
                    key("Managed", BOOL),
                    key("OtherInformation", BOOL),
                    key("RouterLifetimeSec", TIMESPAN_T),
                    key("RouterPreference", oneOf("high", "medium", "normal", "low")),
                    key("UplinkInterface", either(IFNAME_T, oneOf(":none", ":auto"))),
                    key("EmitDNS", BOOL),
                    list("DNS", ADDRESS),
                    key("EmitDomains", BOOL),
                    list("Domains", DOMAIN_NAME),
                    key("DNSLifetimeSec", TIMESPAN_T),
                    key("HopLimit", integer(0, 255)),
                    key("RetransmitSec", TIMESPAN_T)),
            section("IPv6Prefix", true,
                    key("Prefix", CIDR),
                    key("AddressAutoconfiguration", BOOL),
                    key("OnLink", BOOL),
                    key("PreferredLifetimeSec", TIMESPAN_T),
                    key("ValidLifetimeSec", TIMESPAN_T),
                    key("Assign", BOOL),
                    key("RouteMetric", integer(0, U32)),
                    key("Token", STRING)),
            section("IPv6RoutePrefix", true,
                    key("Route", CIDR),
                    key("LifetimeSec", TIMESPAN_T)),
            section("SR-IOV", true,
                    key("VirtualFunction", integer(0, 2147483646)),
                    key("VLANId", integer(1, 4095)),
                    key("QualityOfService", integer(0, U32)),
                    key("VLANProtocol", oneOf("802.1Q", "802.1ad")),
                    key("MACSpoofCheck", BOOL),
                    key("QueryReceiveSideScaling", BOOL),
                    key("Trust", BOOL),
                    key("LinkState", either(BOOL, oneOf("auto"))),
                    key("MACAddress", MAC_ADDRESS)));

    /** The sections of one kind of file ({@code .network}, {@code .netdev}), in the order they are written. */
    record Table(String kind, List<Section> sections) {
        Optional<Section> section(String name) {
            return sections.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        List<String> sectionNames() {
            return sections.stream().map(Section::name).toList();
        }
    }

    static final Table NETWORK = new Table(".network", SECTIONS);

    private static final Map<String, Section> BY_NAME;

    static {
        Map<String, Section> m = new LinkedHashMap<>();
        SECTIONS.forEach(s -> m.put(s.name(), s));
        BY_NAME = Map.copyOf(m);
    }

    static Optional<Section> section(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static List<String> sectionNames() {
        return SECTIONS.stream().map(Section::name).toList();
    }

    /** A DNS= entry: address, [v6]:port or v4:port, then optional %ifname and #server-name. */
    static boolean dnsServer(String v) {
        String s = v;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            if (!HOST.matcher(s.substring(hash + 1)).matches()) {
                return false;
            }
            s = s.substring(0, hash);
        }
        int pct = s.indexOf('%');
        if (pct >= 0) {
            if (!IFNAME.matcher(s.substring(pct + 1)).matches()) {
                return false;
            }
            s = s.substring(0, pct);
        }
        if (Ip.address(s).isPresent()) {
            return true;
        }
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            return close > 0 && Ip.address(s.substring(1, close)).isPresent() && port(s.substring(close + 2));
        }
        int colon = s.lastIndexOf(':');
        return colon > 0 && s.indexOf(':') == colon && Ip.address(s.substring(0, colon)).isPresent()
                && port(s.substring(colon + 1));
    }

    private static boolean port(String p) {
        try {
            int n = Integer.parseInt(p);
            return n >= 1 && n <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
