package dev.gantry.agent.network;

import static dev.gantry.agent.network.NetworkdKeys.BOOL;
import static dev.gantry.agent.network.NetworkdKeys.BYTES_T;
import static dev.gantry.agent.network.NetworkdKeys.MAC_ADDRESS;
import static dev.gantry.agent.network.NetworkdKeys.STRING;
import static dev.gantry.agent.network.NetworkdKeys.TIMESPAN_T;
import static dev.gantry.agent.network.NetworkdKeys.either;
import static dev.gantry.agent.network.NetworkdKeys.integer;
import static dev.gantry.agent.network.NetworkdKeys.key;
import static dev.gantry.agent.network.NetworkdKeys.list;
import static dev.gantry.agent.network.NetworkdKeys.oneOf;
import static dev.gantry.agent.network.NetworkdKeys.section;

import dev.gantry.agent.network.NetworkdKeys.Key;
import dev.gantry.agent.network.NetworkdKeys.Table;
import dev.gantry.agent.network.NetworkdKeys.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sections and keys of a systemd {@code .link} file that the agent writes (systemd.link(5), as
 * udev 252 reads them), typed with the {@link NetworkdKeys} types. udev applies these files when a
 * link appears ({@code net_setup_link}); networkd never reads them.
 */
final class LinkKeys {
    private LinkKeys() {
    }

    private static final long U32 = 4294967295L;
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.:*?!\\[\\]-]{1,64}");
    private static final Pattern ALTNAME = Pattern.compile("[A-Za-z0-9_.:-]{1,127}");

    /** A glob of interface names (OriginalName=), as fnmatch takes it; no white space or '/'. */
    static final Type NAME_GLOB = new Type("name-glob", "an interface name or a glob such as en* (no '/' or spaces)",
            v -> GLOB.matcher(v).matches());
    static final Type ALTERNATIVE_NAME = new Type("alternative-name",
            "an alternative interface name (1 to 127 of A-Z a-z 0-9 _ . : -)",
            v -> ALTNAME.matcher(v).matches() && !v.equals(".") && !v.equals(".."));
    /** Channel counts and ring sizes: a number, or max for the driver's maximum. */
    private static final Type COUNT_OR_MAX = either(integer(1, U32), oneOf("max"));
    private static final Type FRAMES = integer(0, U32);

    /** Space-separated words, each one of {@code values}, in one assignment (NamePolicy=, WakeOnLan=). */
    static Type words(String... values) {
        Set<String> set = Set.of(values);
        return new Type("words", "one or more of " + String.join(", ", values) + ", separated by spaces",
                v -> !v.isBlank() && v.strip().equals(v) && Arrays.stream(v.split(" +")).allMatch(set::contains));
    }

    private static final String[] NAME_POLICIES = {"kernel", "database", "onboard", "slot", "path", "mac", "keep"};

    private static final List<Key> OFFLOADS = booleans("ReceiveChecksumOffload", "TransmitChecksumOffload",
            "TCPSegmentationOffload", "TCP6SegmentationOffload", "GenericSegmentationOffload",
            "GenericReceiveOffload", "GenericReceiveOffloadHardware", "LargeReceiveOffload",
            "ReceiveVLANCTAGHardwareAcceleration", "TransmitVLANCTAGHardwareAcceleration", "ReceiveVLANCTAGFilter",
            "TransmitVLANSTAGHardwareAcceleration", "NTupleFilter");

    private static final List<Key> COALESCE = List.of(
            key("UseAdaptiveRxCoalesce", BOOL), key("UseAdaptiveTxCoalesce", BOOL),
            key("RxCoalesceSec", TIMESPAN_T), key("RxCoalesceIrqSec", TIMESPAN_T),
            key("RxCoalesceLowSec", TIMESPAN_T), key("RxCoalesceHighSec", TIMESPAN_T),
            key("TxCoalesceSec", TIMESPAN_T), key("TxCoalesceIrqSec", TIMESPAN_T),
            key("TxCoalesceLowSec", TIMESPAN_T), key("TxCoalesceHighSec", TIMESPAN_T),
            key("RxMaxCoalescedFrames", FRAMES), key("RxMaxCoalescedIrqFrames", FRAMES),
            key("RxMaxCoalescedLowFrames", FRAMES), key("RxMaxCoalescedHighFrames", FRAMES),
            key("TxMaxCoalescedFrames", FRAMES), key("TxMaxCoalescedIrqFrames", FRAMES),
            key("TxMaxCoalescedLowFrames", FRAMES), key("TxMaxCoalescedHighFrames", FRAMES),
            key("CoalescePacketRateLow", FRAMES), key("CoalescePacketRateHigh", FRAMES),
            key("CoalescePacketRateSampleIntervalSec", TIMESPAN_T), key("StatisticsBlockCoalesceSec", TIMESPAN_T));

    private static final List<Key> LINK = join(List.of(
            key("Description", STRING),
            key("Alias", STRING),
            key("MACAddressPolicy", oneOf("persistent", "random", "none")),
            key("MACAddress", MAC_ADDRESS),
            key("NamePolicy", words(NAME_POLICIES)),
            key("Name", NetworkdKeys.IFNAME_T),
            key("AlternativeNamesPolicy", words("database", "onboard", "slot", "path", "mac")),
            list("AlternativeName", ALTERNATIVE_NAME),
            key("MTUBytes", BYTES_T),
            key("BitsPerSecond", BYTES_T),
            key("Duplex", oneOf("half", "full")),
            key("AutoNegotiation", BOOL),
            key("WakeOnLan", words("phy", "unicast", "multicast", "broadcast", "arp", "magic", "secureon", "off")),
            key("WakeOnLanPassword", MAC_ADDRESS),
            key("Port", oneOf("tp", "aui", "bnc", "mii", "fibre")),
            list("Advertise", STRING),
            key("RxChannels", COUNT_OR_MAX), key("TxChannels", COUNT_OR_MAX),
            key("OtherChannels", COUNT_OR_MAX), key("CombinedChannels", COUNT_OR_MAX),
            key("RxBufferSize", COUNT_OR_MAX), key("RxMiniBufferSize", COUNT_OR_MAX),
            key("RxJumboBufferSize", COUNT_OR_MAX), key("TxBufferSize", COUNT_OR_MAX),
            key("TransmitQueues", integer(1, 4096)), key("ReceiveQueues", integer(1, 4096)),
            key("TransmitQueueLength", integer(0, 4294967294L)),
            key("RxFlowControl", BOOL), key("TxFlowControl", BOOL), key("AutoNegotiationFlowControl", BOOL),
            key("GenericSegmentOffloadMaxBytes", BYTES_T),
            key("GenericSegmentOffloadMaxSegments", integer(1, 65535))), OFFLOADS, COALESCE);

    static final Table LINK_FILE = new Table(".link", List.of(
            section("Match", false,
                    list("OriginalName", NAME_GLOB),
                    list("MACAddress", MAC_ADDRESS),
                    list("PermanentMACAddress", MAC_ADDRESS),
                    list("Path", STRING),
                    list("Driver", STRING),
                    list("Type", STRING),
                    list("Kind", STRING),
                    list("Property", STRING),
                    key("Host", STRING),
                    key("Virtualization", STRING),
                    key("KernelCommandLine", STRING),
                    key("KernelVersion", STRING),
                    key("Architecture", STRING),
                    key("Firmware", STRING)),
            section("Link", false, LINK.toArray(Key[]::new))));

    private static List<Key> booleans(String... names) {
        return Arrays.stream(names).map(n -> key(n, BOOL)).toList();
    }

    @SafeVarargs
    private static List<Key> join(List<Key>... parts) {
        List<Key> out = new ArrayList<>();
        for (List<Key> p : parts) {
            out.addAll(p);
        }
        return out;
    }
}
