package dev.gantry.agent.backend.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Reads netlink attributes (struct nlattr: u16 length, u16 type, payload, padded to 4 bytes) from a
 * segment, defensively: an attribute whose length is below the header or runs past its container
 * ends the walk (what came before it is kept), and the typed getters check the payload's size, so
 * a malformed or unknown attribute never throws. All numbers are in native byte order except where
 * the protocol says network order (ports, addresses are byte arrays).
 */
final class Attrs {
    private Attrs() {
    }

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    static int align(int n) {
        return (n + 3) & ~3;
    }

    /** Receives one attribute: its type (flags masked off) and payload bounds in the segment. */
    @FunctionalInterface
    interface Visitor {
        void attr(int type, long offset, int length);
    }

    /**
     * Calls {@code visitor} for each well-formed attribute in {@code [start, end)}; returns false if
     * the walk stopped at a malformed one.
     */
    static boolean walk(MemorySegment seg, long start, long end, Visitor visitor) {
        end = Math.min(end, seg.byteSize());
        long pos = start;
        while (pos + Nl.NLA_HDRLEN <= end) {
            int len = u16(seg, pos);
            int type = u16(seg, pos + 2) & Nl.NLA_TYPE_MASK;
            if (len < Nl.NLA_HDRLEN || pos + len > end) {
                return false;
            }
            visitor.attr(type, pos + Nl.NLA_HDRLEN, len - Nl.NLA_HDRLEN);
            pos += align(len);
        }
        return pos >= end;
    }

    static int u8(MemorySegment seg, long off) {
        return seg.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }

    static int u16(MemorySegment seg, long off) {
        return seg.get(SHORT, off) & 0xffff;
    }

    static int s32(MemorySegment seg, long off) {
        return seg.get(INT, off);
    }

    static long u32(MemorySegment seg, long off) {
        return seg.get(INT, off) & 0xffffffffL;
    }

    /** A u32 payload, or {@code fallback} if the payload is shorter than four bytes. */
    static long u32(MemorySegment seg, long off, int len, long fallback) {
        return len >= 4 ? u32(seg, off) : fallback;
    }

    static int u8(MemorySegment seg, long off, int len, int fallback) {
        return len >= 1 ? u8(seg, off) : fallback;
    }

    static long u64(MemorySegment seg, long off, int len, long fallback) {
        return len >= 8 ? seg.get(LONG, off) : fallback;
    }

    /** A NUL-terminated string payload (the NUL optional: a missing one is tolerated). */
    static String string(MemorySegment seg, long off, int len) {
        int n = 0;
        while (n < len && seg.get(ValueLayout.JAVA_BYTE, off + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(MemorySegment seg, long off, int len) {
        byte[] bytes = new byte[len];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, bytes, 0, len);
        return bytes;
    }
}
