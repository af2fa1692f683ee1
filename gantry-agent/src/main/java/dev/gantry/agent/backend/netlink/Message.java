package dev.gantry.agent.backend.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: the 16-byte {@code nlmsghdr}, the family header and attributes, each
 * padded to 4 bytes, in native byte order. The length and sequence number are filled in by
 * {@link NetlinkSocket} when it sends the message.
 */
final class Message {
    private byte[] buf = new byte[256];
    private MemorySegment seg = MemorySegment.ofArray(buf);
    private int len;
    private final int[] nests = new int[8];
    private int depth;

    Message(int type, int flags) {
        len = Nl.NLMSG_HDRLEN;
        seg.set(Attrs.SHORT, 4, (short) type);
        seg.set(Attrs.SHORT, 6, (short) flags);
    }

    int type() {
        return seg.get(Attrs.SHORT, 4) & 0xffff;
    }

    int flags() {
        return seg.get(Attrs.SHORT, 6) & 0xffff;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more + 64));
            seg = MemorySegment.ofArray(buf);
        }
    }

    Message u8(int v) {
        ensure(1);
        seg.set(ValueLayout.JAVA_BYTE, len, (byte) v);
        len += 1;
        return this;
    }

    Message u16(int v) {
        ensure(2);
        seg.set(Attrs.SHORT, len, (short) v);
        len += 2;
        return this;
    }

    Message u32(int v) {
        ensure(4);
        seg.set(Attrs.INT, len, v);
        len += 4;
        return this;
    }

    /** Zero bytes (reserved fields, padding). */
    Message zeros(int n) {
        ensure(n);
        len += n;
        return this;
    }

    private void pad() {
        int aligned = Attrs.align(len);
        ensure(aligned - len);
        len = aligned;
    }

    Message attr(int type, byte[] payload) {
        pad();
        ensure(Nl.NLA_HDRLEN + payload.length + 3);
        seg.set(Attrs.SHORT, len, (short) (Nl.NLA_HDRLEN + payload.length));
        seg.set(Attrs.SHORT, len + 2, (short) type);
        System.arraycopy(payload, 0, buf, len + Nl.NLA_HDRLEN, payload.length);
        len += Nl.NLA_HDRLEN + payload.length;
        pad();
        return this;
    }

    Message attrU32(int type, int value) {
        byte[] b = new byte[4];
        MemorySegment.ofArray(b).set(Attrs.INT, 0, value);
        return attr(type, b);
    }

    Message attrU8(int type, int value) {
        return attr(type, new byte[] {(byte) value});
    }

    Message attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    Message beginNested(int type) {
        pad();
        ensure(Nl.NLA_HDRLEN);
        nests[depth++] = len;
        seg.set(Attrs.SHORT, len + 2, (short) (type | Nl.NLA_F_NESTED));
        len += Nl.NLA_HDRLEN;
        return this;
    }

    Message endNested() {
        int start = nests[--depth];
        seg.set(Attrs.SHORT, start, (short) (len - start));
        pad();
        return this;
    }

    /** The finished message with {@code seq} and its length in the header. */
    byte[] finish(int seq) {
        seg.set(Attrs.INT, 0, len);
        seg.set(Attrs.INT, 8, seq);
        return Arrays.copyOf(buf, len);
    }
}
