package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ethtool netlink parsers on the kernel's own replies (captured from a veth on kernel 6.18 with
 * CaptureEthtoolFixtures, next to what {@code ethtool -k} printed for the same link), and the
 * encoder's bitsets read back by the parser.
 */
class EthtoolParsersTest {
    private static MemorySegment message(String name) throws Exception {
        return MemorySegment.ofArray(NetlinkFixturesTest.fixture(name).getFirst());
    }

    private static String text(String name) throws Exception {
        try (InputStream in = EthtoolParsersTest.class.getResourceAsStream("/netlink/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> featureNames() throws Exception {
        return StringSets.parse(message("ethtool-strset-features.hex"), Genl.ETH_SS_FEATURES);
    }

    @Test
    void compactFeatureBitsetsWithTheKernelsStringSetPrintAsEthtoolKDid() throws Exception {
        List<String> names = featureNames();
        assertThat(names).startsWith("tx-scatter-gather", "tx-checksum-ipv4").contains("rx-gro", "tx-tcp-accecn-segmentation");

        EthtoolFeatures features = Ethtool.features(
                Ethtool.attributes(message("ethtool-features-compact.hex"), Ethtool.FEATURE_SETS), names);

        assertThat(EthtoolNetnsTest.featuresAsEthtoolPrintsThem("gte0", features)).isEqualTo(text("ethtool-k.txt"));
    }

    @Test
    void verboseBitsetsCarryTheSameBitsAndTheKernelsNames() throws Exception {
        List<String> names = featureNames();
        Map<Integer, Object> compact = Ethtool.attributes(message("ethtool-features-compact.hex"), Ethtool.FEATURE_SETS);
        Map<Integer, Object> verbose = Ethtool.attributes(message("ethtool-features-verbose.hex"), Ethtool.FEATURE_SETS);

        for (int set = Genl.A_FEATURES_HW; set <= Genl.A_FEATURES_NOCHANGE; set++) {
            Bitset c = (Bitset) compact.get(set);
            Bitset v = (Bitset) verbose.get(set);
            assertThat(v.value()).as("set " + set).isEqualTo(c.value());
            assertThat(v.size()).isEqualTo(c.size()).isEqualTo(names.size());
            assertThat(v.mask()).as("set " + set).isEqualTo(c.mask());
            if (set == Genl.A_FEATURES_HW) {
                // hw is masked with every feature the kernel knows: verbose lists each bit by name.
                assertThat(c.mask().cardinality()).isEqualTo(names.size());
            } else {
                // The others are value-only: verbose lists the bits that are on, without VALUE flags.
                assertThat(c.mask()).as("set " + set).isNull();
            }
            v.names().forEach((bit, name) -> assertThat(names.get(bit)).isEqualTo(name));
        }
        // Without the string set, names come from the verbose bitset itself.
        EthtoolFeatures fromVerbose = Ethtool.features(verbose, List.of());
        assertThat(fromVerbose).isEqualTo(Ethtool.features(compact, names));
    }

    @Test
    void channelsAndLinkModesParseFromNestedReplies() throws Exception {
        Map<String, Object> channels = EthtoolBlock.CHANNELS.values(Ethtool.attributes(message("ethtool-channels.hex"), EthtoolBlock.CHANNELS.reader()));
        assertThat(channels).containsExactly(Map.entry("rxMax", 2L), Map.entry("txMax", 2L),
                Map.entry("rx", 1L), Map.entry("tx", 1L));

        Map<Integer, Object> modes = Ethtool.attributes(message("ethtool-linkmodes-verbose.hex"),
                (seg, type, off, len) -> type == Genl.A_LINKMODES_OURS ? Bitset.parse(seg, off, len)
                        : type == Genl.A_LINKMODES_SPEED ? Attrs.u32(seg, off, len, -1) : null);
        assertThat(modes.get(Genl.A_LINKMODES_SPEED)).isEqualTo(10000L);
        Bitset ours = (Bitset) modes.get(Genl.A_LINKMODES_OURS);
        assertThat(ours.value().isEmpty()).as("a veth reports no link modes").isTrue();
    }

    @Test
    void theEncodersBitsetReadsBackAsTheChangeItCarries() {
        Map<String, Boolean> change = new LinkedHashMap<>();
        change.put("rx-gro", true);
        change.put("tx-checksum-ip-generic", false);
        Message m = new Message(30, 0).u8(12).u8(1).u16(0);
        Bitset.putChanges(m, Genl.A_FEATURES_WANTED, change);
        Bitset.putExactly(m, Genl.A_LINKMODES_OURS, List.of("1000baseT/Full"));
        MemorySegment bytes = MemorySegment.ofArray(m.finish(1));

        Map<Integer, Object> parsed = Ethtool.attributes(bytes, (seg, type, off, len) -> Bitset.parse(seg, off, len));

        Bitset wanted = (Bitset) parsed.get(Genl.A_FEATURES_WANTED);
        assertThat(wanted.names()).isEmpty(); // no indices were sent: the kernel resolves the names
        Bitset exactly = (Bitset) parsed.get(Genl.A_LINKMODES_OURS);
        assertThat(exactly.mask()).isNull();
        // Nesting flags and lengths: the outer nest spans both bits, each bit its name and flag.
        int outerLen = Attrs.u16(bytes, Nl.NLMSG_HDRLEN + Genl.GENLMSG_HDRLEN);
        int outerType = Attrs.u16(bytes, Nl.NLMSG_HDRLEN + Genl.GENLMSG_HDRLEN + 2);
        assertThat(outerType).isEqualTo(Genl.A_FEATURES_WANTED | Nl.NLA_F_NESTED);
        assertThat(outerLen).isEqualTo(4 + 4 + (4 + 4 + 8 + 4) + (4 + 4 + 24));
    }

    @Test
    void everyTruncationOfEveryReplyParsesWithoutThrowing() throws Exception {
        for (String name : List.of("ethtool-features-compact.hex", "ethtool-features-verbose.hex",
                "ethtool-strset-features.hex", "ethtool-channels.hex", "ethtool-linkmodes-verbose.hex")) {
            byte[] whole = NetlinkFixturesTest.fixture(name).getFirst();
            for (int len = 0; len <= whole.length; len++) {
                MemorySegment cut = MemorySegment.ofArray(java.util.Arrays.copyOf(whole, len));
                assertThatCode(() -> {
                    Ethtool.features(Ethtool.attributes(cut, Ethtool.FEATURE_SETS), List.of());
                    StringSets.parse(cut, Genl.ETH_SS_FEATURES);
                    EthtoolBlock.CHANNELS.values(Ethtool.attributes(cut, EthtoolBlock.CHANNELS.reader()));
                }).as(name + " cut at " + len).doesNotThrowAnyException();
            }
        }
    }
}
