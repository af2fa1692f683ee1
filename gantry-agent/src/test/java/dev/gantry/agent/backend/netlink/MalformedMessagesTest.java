package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A malformed, truncated or unknown attribute never makes a read throw. */
class MalformedMessagesTest {
    private static final RtNames NAMES = new RtNames(Path.of("/nonexistent"));

    private static Message linkMessage() {
        return new Message(Nl.RTM_NEWLINK, 0).u8(0).u8(0).u16(1).u32(7).u32(0x1043).u32(0);
    }

    private static MemorySegment seg(Message m) {
        return MemorySegment.ofArray(m.finish(1));
    }

    private static Object parseAny(int type, MemorySegment m) {
        return switch (type) {
            case Nl.RTM_NEWLINK -> Parsers.link(type, m);
            case Nl.RTM_NEWADDR -> Parsers.address(type, m);
            case Nl.RTM_NEWROUTE -> Parsers.route(type, m, NAMES);
            case Nl.RTM_NEWRULE -> Parsers.rule(type, m, NAMES);
            case Nl.RTM_NEWNEIGH -> Parsers.neighbour(type, m);
            default -> null;
        };
    }

    @Test
    void anUnknownAttributeTypeIsIgnored() {
        Message m = linkMessage().attrString(Nl.IFLA_IFNAME, "eth9").attr(0x3ff0, new byte[] {1, 2, 3, 4, 5})
                .attrU32(Nl.IFLA_MTU, 9000);

        Link link = Parsers.link(Nl.RTM_NEWLINK, seg(m));

        assertThat(link.name()).isEqualTo("eth9");
        assertThat(link.mtu()).isEqualTo(9000);
        assertThat(link.index()).isEqualTo(7);
        assertThat(link.flags()).containsExactly("BROADCAST", "MULTICAST", "UP");
    }

    @Test
    void anAttributeRunningPastTheMessageEndsTheWalkButKeepsWhatCameBefore() {
        byte[] bytes = linkMessage().attrString(Nl.IFLA_IFNAME, "eth9").attrU32(Nl.IFLA_MTU, 9000).finish(1);
        // The MTU attribute starts after the 16+16 byte headers and the 8-byte name attribute.
        int mtuAttr = 16 + 16 + 12;
        MemorySegment.ofArray(bytes).set(Attrs.SHORT, mtuAttr, (short) 200);

        Link link = Parsers.link(Nl.RTM_NEWLINK, MemorySegment.ofArray(bytes));

        assertThat(link.name()).isEqualTo("eth9");
        assertThat(link.mtu()).isNull();
    }

    @Test
    void anAttributeShorterThanItsHeaderEndsTheWalk() {
        byte[] bytes = linkMessage().attrU32(Nl.IFLA_MTU, 1500).attrString(Nl.IFLA_IFNAME, "x").finish(1);
        MemorySegment.ofArray(bytes).set(Attrs.SHORT, 32, (short) 2);

        Link link = Parsers.link(Nl.RTM_NEWLINK, MemorySegment.ofArray(bytes));

        assertThat(link.mtu()).isNull();
        assertThat(link.name()).isNull();
    }

    @Test
    void payloadsOfTheWrongSizeAreTreatedAsAbsent() {
        Message m = linkMessage().attr(Nl.IFLA_MTU, new byte[] {1, 2}).attr(Nl.IFLA_STATS64, new byte[20])
                .attr(Nl.IFLA_OPERSTATE, new byte[0]);
        Link link = Parsers.link(Nl.RTM_NEWLINK, seg(m));

        assertThat(link.mtu()).isNull();
        assertThat(link.operState()).isNull();
        assertThat(link.stats64().rxPackets()).isZero(); // 20 bytes hold two counters; the rest stay 0
        assertThat(link.stats64().rxNohandler()).isZero();

        Message addr = new Message(Nl.RTM_NEWADDR, 0).u8(Nl.AF_INET).u8(24).u8(0).u8(0).u32(3)
                .attr(Nl.IFA_LOCAL, new byte[] {10, 0, 0}).attr(Nl.IFA_ADDRESS, new byte[] {10, 0, 0, 1});
        assertThat(Parsers.address(Nl.RTM_NEWADDR, seg(addr)).address()).isEqualTo("10.0.0.1");
    }

    @Test
    void aMalformedNestedAttributeLeavesTheKindOutAndTheRestIntact() {
        Message m = linkMessage().beginNested(Nl.IFLA_LINKINFO).attr(Nl.IFLA_INFO_KIND, "veth\0".getBytes())
                .endNested().attrString(Nl.IFLA_IFNAME, "v0");
        byte[] bytes = m.finish(1);
        // Make the inner IFLA_INFO_KIND claim more bytes than its container holds.
        MemorySegment.ofArray(bytes).set(Attrs.SHORT, 32 + 4, (short) 60);

        Link link = Parsers.link(Nl.RTM_NEWLINK, MemorySegment.ofArray(bytes));

        assertThat(link.kind()).isNull();
        assertThat(link.name()).isEqualTo("v0");
    }

    @Test
    void nestedKindAndAlternativeNamesAreRead() {
        Message m = linkMessage().beginNested(Nl.IFLA_LINKINFO).attrString(Nl.IFLA_INFO_KIND, "vxlan").endNested()
                .beginNested(Nl.IFLA_PROP_LIST).attrString(Nl.IFLA_ALT_IFNAME, "a-very-long-alternative-name")
                .attrString(Nl.IFLA_ALT_IFNAME, "alt2").endNested();

        Link link = Parsers.link(Nl.RTM_NEWLINK, seg(m));

        assertThat(link.kind()).isEqualTo("vxlan");
        assertThat(link.altNames()).containsExactly("a-very-long-alternative-name", "alt2");
    }

    @Test
    void aMessageShorterThanItsFamilyHeaderIsSkipped() {
        byte[] bytes = Arrays.copyOf(linkMessage().finish(1), 20);
        assertThat(Parsers.link(Nl.RTM_NEWLINK, MemorySegment.ofArray(bytes))).isNull();
        assertThat(Parsers.route(Nl.RTM_NEWROUTE, MemorySegment.ofArray(bytes), NAMES)).isNull();
        assertThat(Parsers.neighbour(Nl.RTM_NEWNEIGH, MemorySegment.ofArray(new byte[16]))).isNull();
    }

    @Test
    void everyTruncationAndRandomCorruptionOfTheCapturedDumpsParsesWithoutThrowing() throws IOException {
        Random random = new Random(42);
        for (String file : List.of("links.hex", "addresses.hex", "routes.hex", "rules.hex", "neighbours.hex")) {
            for (byte[] message : NetlinkFixturesTest.fixture(file)) {
                int type = MemorySegment.ofArray(message).get(Attrs.SHORT, 4) & 0xffff;
                for (int len = 0; len <= message.length; len++) {
                    MemorySegment cut = MemorySegment.ofArray(Arrays.copyOf(message, len));
                    assertThat(catchThrowable(() -> parseAny(type, cut))).as(file + " cut at " + len).isNull();
                }
                for (int round = 0; round < 200; round++) {
                    byte[] bad = message.clone();
                    for (int k = 0; k < 3; k++) {
                        bad[16 + random.nextInt(bad.length - 16)] = (byte) random.nextInt(256);
                    }
                    MemorySegment seg = MemorySegment.ofArray(bad);
                    assertThat(catchThrowable(() -> parseAny(type, seg))).as(file + " corrupted").isNull();
                }
            }
        }
    }

    @Test
    void aKernelErrorCarriesErrnoAndTheExtendedAckText() {
        // NLMSG_ERROR, capped, with TLVs: error -17, the request's header, NLMSGERR_ATTR_MSG.
        Message m = new Message(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED | Nl.NLM_F_ACK_TLVS).u32(-17).zeros(16)
                .attrString(Nl.NLMSGERR_ATTR_MSG, "Address already assigned");
        MemorySegment seg = seg(m);

        assertThatThrownBy(() -> NetlinkSocket.throwIfError(seg, Nl.NLM_F_CAPPED | Nl.NLM_F_ACK_TLVS))
                .isInstanceOfSatisfying(NetlinkException.class, e -> {
                    assertThat(e.errno()).isEqualTo(NetlinkException.EEXIST);
                    assertThat(e.kernelMessage()).contains("Address already assigned");
                });
        Message ack = new Message(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED).u32(0).zeros(16);
        NetlinkSocket.throwIfError(seg(ack), Nl.NLM_F_CAPPED);
        // An error message cut short is reported, not read out of bounds.
        assertThatThrownBy(() -> NetlinkSocket.throwIfError(MemorySegment.ofArray(new byte[18]), 0))
                .isInstanceOf(NetlinkException.class);
    }

    @Test
    void ipv6AddressesPrintAsInetNtopDoes() {
        assertThat(Addresses.ip(bytes("20010db8000000000000000000000001"))).isEqualTo("2001:db8::1");
        assertThat(Addresses.ip(bytes("00000000000000000000000000000001"))).isEqualTo("::1");
        assertThat(Addresses.ip(bytes("00000000000000000000000000000000"))).isEqualTo("::");
        assertThat(Addresses.ip(bytes("fe800000000000000000000000000000"))).isEqualTo("fe80::");
        assertThat(Addresses.ip(bytes("20010db8000100000001000000000001"))).isEqualTo("2001:db8:1:0:1::1");
        assertThat(Addresses.ip(bytes("20010db8000000010000000000000001"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Addresses.ip(bytes("00000000000000000000ffffc0000201"))).isEqualTo("::ffff:192.0.2.1");
        assertThat(Addresses.ip(bytes("20010db8000000000001000000000000"))).isEqualTo("2001:db8:0:0:1::");
    }

    private static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
