package dev.gantry.agent.backend.netlink;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ethtool family's string sets (STRSET_GET replies): feature names, link-mode names, by bit. */
final class StringSets {
    private StringSets() {
    }

    /** The strings of set {@code set} in a STRSET_GET reply, by index; gaps are empty strings. */
    static List<String> parse(MemorySegment msg, int set) {
        Map<Integer, String> byIndex = new LinkedHashMap<>();
        Attrs.walk(msg, Nl.NLMSG_HDRLEN + Genl.GENLMSG_HDRLEN, msg.byteSize(), (t, off, len) -> {
            if (t != Genl.A_STRSET_STRINGSETS) {
                return;
            }
            Attrs.walk(msg, off, off + len, (st, soff, slen) -> {
                if (st != Genl.A_STRINGSETS_STRINGSET) {
                    return;
                }
                long[] id = {-1};
                long[] strings = {-1, 0};
                Attrs.walk(msg, soff, soff + slen, (a, aoff, alen) -> {
                    if (a == Genl.A_STRINGSET_ID) {
                        id[0] = Attrs.u32(msg, aoff, alen, -1);
                    } else if (a == Genl.A_STRINGSET_STRINGS) {
                        strings[0] = aoff;
                        strings[1] = alen;
                    }
                });
                if (id[0] != set || strings[0] < 0) {
                    return;
                }
                Attrs.walk(msg, strings[0], strings[0] + strings[1], (a, aoff, alen) -> {
                    if (a != Genl.A_STRINGS_STRING) {
                        return;
                    }
                    int[] index = {-1};
                    String[] value = {null};
                    Attrs.walk(msg, aoff, aoff + alen, (b, boff, blen) -> {
                        if (b == Genl.A_STRING_INDEX) {
                            index[0] = (int) Attrs.u32(msg, boff, blen, -1);
                        } else if (b == Genl.A_STRING_VALUE) {
                            value[0] = Attrs.string(msg, boff, blen);
                        }
                    });
                    if (index[0] >= 0 && index[0] < 1 << 16 && value[0] != null) {
                        byIndex.put(index[0], value[0]);
                    }
                });
            });
        });
        int size = byIndex.keySet().stream().mapToInt(i -> i + 1).max().orElse(0);
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(byIndex.getOrDefault(i, ""));
        }
        return List.copyOf(out);
    }
}
