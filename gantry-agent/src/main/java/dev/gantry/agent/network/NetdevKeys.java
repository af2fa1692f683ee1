package dev.gantry.agent.network;

import static dev.gantry.agent.network.NetworkdKeys.BOOL;
import static dev.gantry.agent.network.NetworkdKeys.ADDRESS;
import static dev.gantry.agent.network.NetworkdKeys.ADDRESS_OR_CIDR;
import static dev.gantry.agent.network.NetworkdKeys.BYTES_T;
import static dev.gantry.agent.network.NetworkdKeys.IFNAME_T;
import static dev.gantry.agent.network.NetworkdKeys.MAC_ADDRESS;
import static dev.gantry.agent.network.NetworkdKeys.STRING;
import static dev.gantry.agent.network.NetworkdKeys.TIMESPAN_T;
import static dev.gantry.agent.network.NetworkdKeys.PORTS_T;
import static dev.gantry.agent.network.NetworkdKeys.either;
import static dev.gantry.agent.network.NetworkdKeys.integer;
import static dev.gantry.agent.network.NetworkdKeys.key;
import static dev.gantry.agent.network.NetworkdKeys.list;
import static dev.gantry.agent.network.NetworkdKeys.oneOf;
import static dev.gantry.agent.network.NetworkdKeys.section;

import dev.gantry.agent.network.NetworkdKeys.Table;
import dev.gantry.agent.network.NetworkdKeys.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sections and keys of a systemd-networkd {@code .netdev} file that the agent writes
 * (systemd.netdev(5)), typed as {@link NetworkdKeys} types the {@code .network} keys; the kinds the
 * agent creates, and which key in the parent's {@code .network} [Network] section attaches each.
 */
final class NetdevKeys {
    private NetdevKeys() {
    }

    private static final long U32 = 4294967295L;
    private static final Pattern WG_KEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");
    static final Type WG_KEY_T = new Type("wireguard-key", "a WireGuard key: 32 bytes in base64 (44 characters)",
            v -> WG_KEY.matcher(v).matches());
    static final Type PATH_T = new Type("path", "an absolute file path", v -> v.startsWith("/") && STRING.valid().test(v));
    static final Type ENDPOINT = new Type("endpoint", "host:port or [IPv6]:port",
            v -> STRING.valid().test(v) && v.matches(".+:[0-9]{1,5}") && !v.contains(" "));

    /** The kinds the agent creates (NetDev.Kind). */
    static final List<String> KINDS = List.of("vlan", "bond", "bridge", "macvlan", "ipvlan", "vxlan", "wireguard",
            "tun", "tap", "dummy");

    /**
     * The key of the parent's [Network] section that attaches a netdev of this kind to the parent
     * (VLAN=, MACVLAN=, IPVLAN=, VXLAN=), or for bond and bridge the key of the MEMBER's [Network]
     * (Bond=, Bridge=): in both cases the key is written into the "parent" link's .network file with
     * the netdev's name as value. Kinds without one (wireguard, tun, tap, dummy) take no parent.
     */
    static final Map<String, String> PARENT_KEY = Map.of("vlan", "VLAN", "macvlan", "MACVLAN", "ipvlan", "IPVLAN",
            "vxlan", "VXLAN", "bond", "Bond", "bridge", "Bridge");

    /** Keys whose values are secrets: answered as {@link #MASK}. */
    static final Set<String> SECRET_KEYS = Set.of("PrivateKey", "PresharedKey");
    static final String MASK = "(hidden)";

    static final Table NETDEV = new Table(".netdev", List.of(
            section("Match", false,
                    key("Host", STRING),
                    key("Virtualization", STRING),
                    key("KernelCommandLine", STRING),
                    key("Architecture", STRING)),
            section("NetDev", false,
                    key("Name", IFNAME_T),
                    key("Kind", oneOf(KINDS.toArray(String[]::new))),
                    key("Description", STRING),
                    key("MTUBytes", BYTES_T),
                    key("MACAddress", either(MAC_ADDRESS, oneOf("none")))),
            section("VLAN", false,
                    key("Id", integer(0, 4094)),
                    key("Protocol", oneOf("802.1q", "802.1ad")),
                    key("GVRP", BOOL),
                    key("MVRP", BOOL),
                    key("LooseBinding", BOOL),
                    key("ReorderHeader", BOOL)),
            section("MACVLAN", false,
                    key("Mode", oneOf("private", "vepa", "bridge", "passthru", "source")),
                    list("SourceMACAddress", MAC_ADDRESS),
                    key("BroadcastMulticastQueueLength", integer(0, U32))),
            section("IPVLAN", false,
                    key("Mode", oneOf("L2", "L3", "L3S")),
                    key("Flags", oneOf("bridge", "private", "vepa"))),
            section("VXLAN", false,
                    key("VNI", integer(0, 16777215)),
                    key("Remote", ADDRESS),
                    key("Local", ADDRESS),
                    key("Group", ADDRESS),
                    key("TOS", integer(0, 255)),
                    key("TTL", either(integer(0, 255), oneOf("inherit"))),
                    key("MacLearning", BOOL),
                    key("DestinationPort", integer(0, 65535)),
                    key("PortRange", PORTS_T),
                    key("Independent", BOOL),
                    key("UDPChecksum", BOOL)),
            section("Bond", false,
                    key("Mode", oneOf("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad",
                            "balance-tlb", "balance-alb")),
                    key("TransmitHashPolicy", oneOf("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4",
                            "vlan+srcmac")),
                    key("LACPTransmitRate", oneOf("slow", "fast")),
                    key("MIIMonitorSec", TIMESPAN_T),
                    key("UpDelaySec", TIMESPAN_T),
                    key("DownDelaySec", TIMESPAN_T),
                    key("PrimaryReselectPolicy", oneOf("always", "better", "failure")),
                    key("MinLinks", integer(0, U32)),
                    key("ARPIntervalSec", TIMESPAN_T),
                    list("ARPIPTargets", ADDRESS)),
            section("Bridge", false,
                    key("HelloTimeSec", TIMESPAN_T),
                    key("MaxAgeSec", TIMESPAN_T),
                    key("ForwardDelaySec", TIMESPAN_T),
                    key("AgeingTimeSec", TIMESPAN_T),
                    key("Priority", integer(0, 65535)),
                    key("DefaultPVID", either(integer(1, 4094), oneOf("none"))),
                    key("MulticastQuerier", BOOL),
                    key("MulticastSnooping", BOOL),
                    key("VLANFiltering", BOOL),
                    key("STP", BOOL)),
            section("Tun", false,
                    key("MultiQueue", BOOL),
                    key("PacketInfo", BOOL),
                    key("VNetHeader", BOOL),
                    key("User", STRING),
                    key("Group", STRING),
                    key("KeepCarrier", BOOL)),
            section("Tap", false,
                    key("MultiQueue", BOOL),
                    key("PacketInfo", BOOL),
                    key("VNetHeader", BOOL),
                    key("User", STRING),
                    key("Group", STRING),
                    key("KeepCarrier", BOOL)),
            section("WireGuard", false,
                    key("PrivateKey", WG_KEY_T),
                    key("PrivateKeyFile", PATH_T),
                    key("ListenPort", either(integer(0, 65535), oneOf("auto"))),
                    key("FirewallMark", integer(0, U32)),
                    key("RouteTable", either(integer(0, U32), STRING)),
                    key("RouteMetric", integer(0, U32))),
            section("WireGuardPeer", true,
                    key("PublicKey", WG_KEY_T),
                    key("PresharedKey", WG_KEY_T),
                    key("PresharedKeyFile", PATH_T),
                    list("AllowedIPs", ADDRESS_OR_CIDR),
                    key("Endpoint", ENDPOINT),
                    key("PersistentKeepalive", either(integer(0, 65535), oneOf("off"))),
                    key("RouteTable", either(integer(0, U32), STRING)),
                    key("RouteMetric", integer(0, U32)))));

    /** The kind-specific section a kind's settings go in (null when it has none). */
    static final Map<String, String> KIND_SECTION = Map.of("vlan", "VLAN", "bond", "Bond", "bridge", "Bridge",
            "macvlan", "MACVLAN", "ipvlan", "IPVLAN", "vxlan", "VXLAN", "wireguard", "WireGuard", "tun", "Tun",
            "tap", "Tap");
}
