package dev.gantry.agent.backend.netlink;

import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An ethtool netlink bitset (ETHTOOL_A_BITSET_*), read in either form the kernel sends: compact
 * (SIZE, VALUE and MASK as arrays of u32 words) or verbose (SIZE and a BITS nest of bits each with
 * INDEX, NAME and a VALUE flag; the listed bits are the mask, or, in a value-only set, the bits on). {@code mask} is null for a value-only (NOMASK) set. {@code names}
 * holds the names a verbose set carried; a compact set has none (they come from the string set).
 */
record Bitset(int size, BitSet value, BitSet mask, Map<Integer, String> names) {

    boolean get(int bit) {
        return value.get(bit);
    }

    boolean inMask(int bit) {
        return mask == null ? value.get(bit) : mask.get(bit);
    }

    /** Parses the bitset nest's payload {@code [off, off + len)}; malformed parts are skipped. */
    static Bitset parse(MemorySegment seg, long off, int len) {
        int[] size = {0};
        boolean[] noMask = {false};
        BitSet value = new BitSet();
        BitSet mask = new BitSet();
        BitSet listed = new BitSet();
        Map<Integer, String> names = new HashMap<>();
        Attrs.walk(seg, off, off + len, (type, o, l) -> {
            switch (type) {
                case Genl.A_BITSET_NOMASK -> noMask[0] = true;
                case Genl.A_BITSET_SIZE -> size[0] = (int) Attrs.u32(seg, o, l, 0);
                case Genl.A_BITSET_VALUE -> words(seg, o, l, value);
                case Genl.A_BITSET_MASK -> words(seg, o, l, mask);
                case Genl.A_BITSET_BITS -> Attrs.walk(seg, o, o + l, (bt, bo, bl) -> {
                    if (bt == Genl.A_BITSET_BITS_BIT) {
                        verboseBit(seg, bo, bl, value, listed, names);
                    }
                });
                default -> { }
            }
        });
        if (noMask[0]) {
            // A value-only verbose set lists just the bits that are on, without their VALUE flags.
            value.or(listed);
        } else {
            mask.or(listed);
        }
        return new Bitset(size[0], value, noMask[0] ? null : mask, Map.copyOf(names));
    }

    private static void words(MemorySegment seg, long off, int len, BitSet into) {
        for (int w = 0; w + 4 <= len; w += 4) {
            long word = Attrs.u32(seg, off + w);
            for (int b = 0; b < 32; b++) {
                if ((word & (1L << b)) != 0) {
                    into.set(w * 8 + b);
                }
            }
        }
    }

    private static void verboseBit(MemorySegment seg, long off, int len, BitSet value, BitSet listed,
                                   Map<Integer, String> names) {
        int[] index = {-1};
        String[] name = {null};
        boolean[] on = {false};
        Attrs.walk(seg, off, off + len, (type, o, l) -> {
            switch (type) {
                case Genl.A_BITSET_BIT_INDEX -> index[0] = (int) Attrs.u32(seg, o, l, -1);
                case Genl.A_BITSET_BIT_NAME -> name[0] = Attrs.string(seg, o, l);
                case Genl.A_BITSET_BIT_VALUE -> on[0] = true;
                default -> { }
            }
        });
        if (index[0] < 0) {
            return; // a bit without its index cannot be placed
        }
        listed.set(index[0]);
        if (on[0]) {
            value.set(index[0]);
        }
        if (name[0] != null) {
            names.put(index[0], name[0]);
        }
    }

    /**
     * Writes a verbose bitset by bit names for a SET request: the listed bits are the mask (what
     * changes), each with the VALUE flag when it is to be on; bits not listed stay as they are.
     */
    static void putChanges(Message m, int type, Map<String, Boolean> bits) {
        m.beginNested(type);
        m.beginNested(Genl.A_BITSET_BITS);
        bits.forEach((name, on) -> {
            m.beginNested(Genl.A_BITSET_BITS_BIT);
            m.attrString(Genl.A_BITSET_BIT_NAME, name);
            if (on) {
                m.attr(Genl.A_BITSET_BIT_VALUE, new byte[0]);
            }
            m.endNested();
        });
        m.endNested();
        m.endNested();
    }

    /** Writes a verbose value-only (NOMASK) bitset by names: exactly these bits on, every other off. */
    static void putExactly(Message m, int type, Collection<String> names) {
        m.beginNested(type);
        m.attr(Genl.A_BITSET_NOMASK, new byte[0]);
        m.beginNested(Genl.A_BITSET_BITS);
        for (String name : names) {
            m.beginNested(Genl.A_BITSET_BITS_BIT);
            m.attrString(Genl.A_BITSET_BIT_NAME, name);
            m.attr(Genl.A_BITSET_BIT_VALUE, new byte[0]);
            m.endNested();
        }
        m.endNested();
        m.endNested();
    }
}
