package dev.gantry.agent.backend.netlink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameter blocks read and set the same way: a GET and a SET of flat numeric attributes. */
public enum EthtoolBlock {
    CHANNELS("channels", 17, 18, List.of(
            ro("rxMax", 2), ro("txMax", 3), ro("otherMax", 4), ro("combinedMax", 5),
            rw("rx", 6), rw("tx", 7), rw("other", 8), rw("combined", 9))),
    RINGS("rings", 15, 16, List.of(
            ro("rxMax", 2), ro("rxMiniMax", 3), ro("rxJumboMax", 4), ro("txMax", 5),
            rw("rx", 6), rw("rxMini", 7), rw("rxJumbo", 8), rw("tx", 9), rw("rxBufLen", 10),
            new Param("tcpDataSplit", 11, Kind.U8, false), rw("cqeSize", 12),
            new Param("txPush", 13, Kind.BOOL, false), new Param("rxPush", 14, Kind.BOOL, false),
            rw("txPushBufLen", 15), ro("txPushBufLenMax", 16), rw("hdsThresh", 17), ro("hdsThreshMax", 18))),
    COALESCE("coalesce", 19, 20, List.of(
            rw("rxUsecs", 2), rw("rxMaxFrames", 3), rw("rxUsecsIrq", 4), rw("rxMaxFramesIrq", 5),
            rw("txUsecs", 6), rw("txMaxFrames", 7), rw("txUsecsIrq", 8), rw("txMaxFramesIrq", 9),
            rw("statsBlockUsecs", 10), new Param("adaptiveRx", 11, Kind.BOOL, false),
            new Param("adaptiveTx", 12, Kind.BOOL, false), rw("pktRateLow", 13), rw("rxUsecsLow", 14),
            rw("rxMaxFramesLow", 15), rw("txUsecsLow", 16), rw("txMaxFramesLow", 17), rw("pktRateHigh", 18),
            rw("rxUsecsHigh", 19), rw("rxMaxFramesHigh", 20), rw("txUsecsHigh", 21),
            rw("txMaxFramesHigh", 22), rw("rateSampleInterval", 23),
            new Param("cqeModeTx", 24, Kind.BOOL, false), new Param("cqeModeRx", 25, Kind.BOOL, false),
            rw("txAggrMaxBytes", 26), rw("txAggrMaxFrames", 27), rw("txAggrTimeUsecs", 28))),
    PAUSE("pause", 21, 22, List.of(
            new Param("autoneg", 2, Kind.BOOL, false), new Param("rx", 3, Kind.BOOL, false),
            new Param("tx", 4, Kind.BOOL, false)));

    private final String label;
    final int get;
    final int set;
    private final List<Param> params;

    EthtoolBlock(String label, int get, int set, List<Param> params) {
        this.label = label;
        this.get = get;
        this.set = set;
        this.params = params;
    }

    public String label() {
        return label;
    }

    public List<Param> params() {
        return params;
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Kind of one numeric parameter of a parameter block. */
    public enum Kind { U32, U8, BOOL }

    /** One parameter: its JSON name, attribute number, kind, and whether only the kernel sets it. */
    public record Param(String name, int attr, Kind kind, boolean readOnly) {
    }

    Ethtool.AttrReader reader() {
        return (seg, type, off, len) -> {
            for (Param p : params) {
                if (p.attr() == type) {
                    return switch (p.kind()) {
                        case U32 -> len >= 4 ? (Object) Attrs.u32(seg, off) : null;
                        case U8 -> len >= 1 ? (Object) (long) Attrs.u8(seg, off) : null;
                        case BOOL -> len >= 1 ? (Object) (Attrs.u8(seg, off) != 0) : null;
                    };
                }
            }
            return null;
        };
    }

    /** The block's values by parameter name, in the block's order. */
    Map<String, Object> values(Map<Integer, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : params) {
            Object v = raw.get(p.attr());
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        return out;
    }

    private static Param ro(String name, int attr) {
        return new Param(name, attr, Kind.U32, true);
    }

    private static Param rw(String name, int attr) {
        return new Param(name, attr, Kind.U32, false);
    }
}
