package dev.gantry.agent.backend.netlink;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's ethtool client: the kernel's ethtool generic-netlink family (settings, link state,
 * features, channels, rings, coalescing, pause; reads and changes) and, for what that family does not
 * carry, the SIOCETHTOOL ioctl ({@link EthtoolIoctl}: driver information, permanent address, the
 * driver's statistics). Nothing forks the ethtool command. Thread-safe: requests borrow sockets from
 * a small pool; the family's id and the kernel's string sets (feature and link-mode names, fixed
 * for a running kernel) are looked up once.
 *
 * <p>Failures are {@link NetlinkException}s with the kernel's errno and extended-ack text: ENODEV
 * for an unknown link, EOPNOTSUPP when the link's driver lacks the operation.
 */
public final class Ethtool implements AutoCloseable {
    static final int POOLED = 2;
    static final int TIMEOUT_MILLIS = 5000;
    private static final long U32_UNKNOWN = 0xffffffffL;

    private final SocketPool pool = new SocketPool(() -> NetlinkSocket.openGeneric(TIMEOUT_MILLIS), POOLED,
            "ethtool netlink");
    private volatile int familyId;
    private volatile List<String> featureNames;
    private volatile List<String> linkModeNames;

    public Ethtool() {
    }

    // ---- reads ----

    public EthtoolSettings settings(String link) {
        Map<Integer, Object> info = get(Genl.MSG_LINKINFO_GET, link, 0, (seg, type, off, len) -> switch (type) {
            case Genl.A_LINKINFO_PORT, Genl.A_LINKINFO_PHYADDR, Genl.A_LINKINFO_TP_MDIX, Genl.A_LINKINFO_TRANSCEIVER ->
                    Attrs.u8(seg, off, len, -1);
            default -> null;
        });
        Map<Integer, Object> modes = get(Genl.MSG_LINKMODES_GET, link, Genl.FLAG_COMPACT_BITSETS,
                (seg, type, off, len) -> switch (type) {
                    case Genl.A_LINKMODES_AUTONEG, Genl.A_LINKMODES_DUPLEX -> Attrs.u8(seg, off, len, -1);
                    case Genl.A_LINKMODES_SPEED, Genl.A_LINKMODES_LANES -> Attrs.u32(seg, off, len, U32_UNKNOWN);
                    case Genl.A_LINKMODES_OURS, Genl.A_LINKMODES_PEER -> Bitset.parse(seg, off, len);
                    default -> null;
                });
        List<String> names = linkModeNames();
        Bitset ours = (Bitset) modes.get(Genl.A_LINKMODES_OURS);
        Bitset peer = (Bitset) modes.get(Genl.A_LINKMODES_PEER);
        Long speed = (Long) modes.get(Genl.A_LINKMODES_SPEED);
        Long lanes = (Long) modes.get(Genl.A_LINKMODES_LANES);
        Integer autoneg = (Integer) modes.get(Genl.A_LINKMODES_AUTONEG);
        Integer phy = (Integer) info.get(Genl.A_LINKINFO_PHYADDR);
        return new EthtoolSettings(
                speed == null || speed == U32_UNKNOWN || speed == 0 ? null : speed,
                EthtoolNames.duplex((Integer) modes.get(Genl.A_LINKMODES_DUPLEX)),
                autoneg == null || autoneg < 0 ? null : autoneg != 0,
                EthtoolNames.port((Integer) info.get(Genl.A_LINKINFO_PORT)),
                phy == null || phy < 0 ? null : phy,
                EthtoolNames.transceiver((Integer) info.get(Genl.A_LINKINFO_TRANSCEIVER)),
                EthtoolNames.mdix((Integer) info.get(Genl.A_LINKINFO_TP_MDIX)),
                lanes == null || lanes == U32_UNKNOWN || lanes == 0 ? null : lanes,
                ours == null ? List.of() : named(ours, names, true),
                ours == null ? List.of() : named(ours, names, false),
                peer == null ? List.of() : named(peer, names, false));
    }

    public EthtoolLinkState linkState(String link) {
        Map<Integer, Object> state = get(Genl.MSG_LINKSTATE_GET, link, 0, (seg, type, off, len) -> switch (type) {
            case Genl.A_LINKSTATE_LINK, Genl.A_LINKSTATE_EXT_STATE, Genl.A_LINKSTATE_EXT_SUBSTATE ->
                    Attrs.u8(seg, off, len, -1);
            case Genl.A_LINKSTATE_SQI, Genl.A_LINKSTATE_SQI_MAX -> Attrs.u32(seg, off, len, U32_UNKNOWN);
            default -> null;
        });
        Integer up = (Integer) state.get(Genl.A_LINKSTATE_LINK);
        Integer ext = (Integer) state.get(Genl.A_LINKSTATE_EXT_STATE);
        Integer sub = (Integer) state.get(Genl.A_LINKSTATE_EXT_SUBSTATE);
        return new EthtoolLinkState(up == null || up < 0 ? null : up != 0,
                (Long) state.get(Genl.A_LINKSTATE_SQI), (Long) state.get(Genl.A_LINKSTATE_SQI_MAX),
                EthtoolNames.extState(ext), ext == null || sub == null || sub < 0 ? null : sub);
    }

    public EthtoolDriver driver(String link) {
        EthtoolIoctl.DriverInfo d = EthtoolIoctl.driverInfo(link);
        return new EthtoolDriver(d.driver(), d.version(), d.firmwareVersion(), d.expansionRomVersion(), d.busInfo(),
                d.stats() > 0, d.testInfoLength() > 0, d.eepromLength() > 0, d.registerDumpLength() > 0,
                d.privFlags() > 0);
    }

    /** The permanent address as {@code aa:bb:…}; empty when the driver has none. */
    public Optional<String> permanentAddress(String link) {
        return EthtoolIoctl.permanentAddress(link).map(Ethtool::mac);
    }

    /** {@code ethtool -S}: the driver's counters by name, in the driver's order. */
    public Map<String, Long> statistics(String link) {
        return EthtoolIoctl.statistics(link);
    }

    public EthtoolFeatures features(String link) {
        return features(get(Genl.MSG_FEATURES_GET, link, Genl.FLAG_COMPACT_BITSETS, FEATURE_SETS), featureNames());
    }

    /** Reads the four bitsets of a FEATURES_GET reply. */
    static final AttrReader FEATURE_SETS = (seg, type, off, len) ->
            type >= Genl.A_FEATURES_HW && type <= Genl.A_FEATURES_NOCHANGE ? Bitset.parse(seg, off, len) : null;

    static EthtoolFeatures features(Map<Integer, Object> sets, List<String> names) {
        Bitset hw = bitset(sets, Genl.A_FEATURES_HW);
        Bitset wanted = bitset(sets, Genl.A_FEATURES_WANTED);
        Bitset active = bitset(sets, Genl.A_FEATURES_ACTIVE);
        Bitset nochange = bitset(sets, Genl.A_FEATURES_NOCHANGE);
        Map<String, EthtoolFeature> features = new LinkedHashMap<>();
        int count = Math.max(Math.max(active.size(), hw.size()), names.size());
        for (int i = 0; i < count; i++) {
            // A verbose reply names its bits itself: hw lists every feature (its mask is all of them).
            String name = i < names.size() ? names.get(i) : hw.names().getOrDefault(i, active.names().get(i));
            if (name == null || name.isEmpty()) {
                continue;
            }
            boolean on = active.get(i);
            boolean fixed = !hw.get(i) || nochange.get(i);
            features.put(name, new EthtoolFeature(on, fixed, !fixed && wanted.get(i) != on ? wanted.get(i) : null));
        }
        List<EthtoolFeatureGroup> groups = new ArrayList<>();
        for (FeatureGroups.Group g : FeatureGroups.ALL) {
            List<String> members = features.keySet().stream().filter(g::matches).toList();
            if (!members.isEmpty()) {
                groups.add(new EthtoolFeatureGroup(g.name(), g.shortName(),
                        members.stream().anyMatch(m -> features.get(m).active()),
                        members.stream().allMatch(m -> features.get(m).fixed()), members));
            }
        }
        return new EthtoolFeatures(features, groups);
    }

    /** One parameter block, by the parameters' names; the ones the driver does not report are absent. */
    public Map<String, Object> block(String link, EthtoolBlock block) {
        return block.values(get(block.get, link, 0, block.reader()));
    }

    /** The kernel's feature names (its string set ETH_SS_FEATURES), by bit. */
    public List<String> featureNames() {
        List<String> names = featureNames;
        if (names == null) {
            names = strings(Genl.ETH_SS_FEATURES);
            featureNames = names;
        }
        return names;
    }

    /** The kernel's link-mode names ("1000baseT/Full"), by bit. */
    public List<String> linkModeNames() {
        List<String> names = linkModeNames;
        if (names == null) {
            names = strings(Genl.ETH_SS_LINK_MODES);
            linkModeNames = names;
        }
        return names;
    }

    // ---- changes ----

    /** Sets kernel features by name ({@code true} on); features not named stay as they are. */
    public void setFeatures(String link, Map<String, Boolean> changes) {
        Message m = request(Genl.MSG_FEATURES_SET, link, Genl.FLAG_OMIT_REPLY);
        Bitset.putChanges(m, Genl.A_FEATURES_WANTED, changes);
        execute(m);
    }

    /** Sets parameters of a block by name; values are Long (U32, U8) or Boolean (BOOL), already checked. */
    public void setBlock(String link, EthtoolBlock block, Map<String, Object> values) {
        Message m = request(block.set, link, 0);
        values.forEach((name, value) -> {
            EthtoolBlock.Param p = block.param(name).orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
            switch (p.kind()) {
                case U32 -> m.attrU32(p.attr(), (int) ((Number) value).longValue());
                case U8 -> m.attrU8(p.attr(), ((Number) value).intValue());
                case BOOL -> m.attrU8(p.attr(), Boolean.TRUE.equals(value) ? 1 : 0);
            }
        });
        execute(m);
    }

    /**
     * Changes link settings; null arguments stay as they are. {@code advertise} replaces the
     * advertised link modes (names as {@link #linkModeNames}).
     */
    public void setSettings(String link, Long speed, String duplex, Boolean autoneg, Collection<String> advertise,
                            String port) {
        if (speed != null || duplex != null || autoneg != null || advertise != null) {
            Message m = request(Genl.MSG_LINKMODES_SET, link, 0);
            if (autoneg != null) {
                m.attrU8(Genl.A_LINKMODES_AUTONEG, autoneg ? 1 : 0);
            }
            if (speed != null) {
                m.attrU32(Genl.A_LINKMODES_SPEED, speed.intValue());
            }
            if (duplex != null) {
                m.attrU8(Genl.A_LINKMODES_DUPLEX, EthtoolNames.duplexValue(duplex));
            }
            if (advertise != null) {
                Bitset.putExactly(m, Genl.A_LINKMODES_OURS, advertise);
            }
            execute(m);
        }
        if (port != null) {
            Message m = request(Genl.MSG_LINKINFO_SET, link, 0);
            m.attrU8(Genl.A_LINKINFO_PORT, EthtoolNames.portValue(port));
            execute(m);
        }
    }

    // ---- generic netlink ----

    @FunctionalInterface
    interface AttrReader {
        /** The attribute's value, or null to skip it. */
        Object read(MemorySegment seg, int type, long off, int len);
    }

    /** A GET for {@code link}: the top-level attributes of the reply the reader keeps, by type. */
    private Map<Integer, Object> get(int cmd, String link, int flags, AttrReader reader) {
        Message m = request(cmd, link, flags);
        Map<Integer, Object> out = pool.withSocket(s -> s.get(m, (type, msg) -> attributes(msg, reader)));
        return out == null ? Map.of() : out;
    }

    /** The top-level attributes of a generic-netlink message {@code reader} keeps, by type. */
    static Map<Integer, Object> attributes(MemorySegment msg, AttrReader reader) {
        Map<Integer, Object> values = new LinkedHashMap<>();
        Attrs.walk(msg, Nl.NLMSG_HDRLEN + Genl.GENLMSG_HDRLEN, msg.byteSize(), (t, off, len) -> {
            Object v = reader.read(msg, t, off, len);
            if (v != null) {
                values.put(t, v);
            }
        });
        return values;
    }

    private void execute(Message m) {
        pool.withSocket(s -> {
            s.execute(m);
            return null;
        });
    }

    Message request(int cmd, String link, int flags) {
        Message m = genl(family(), cmd, Genl.ETHTOOL_GENL_VERSION);
        m.beginNested(Genl.A_HEADER);
        if (link != null) {
            m.attrString(Genl.A_HEADER_DEV_NAME, link);
        }
        if (flags != 0) {
            m.attrU32(Genl.A_HEADER_FLAGS, flags);
        }
        m.endNested();
        return m;
    }

    private static Message genl(int family, int cmd, int version) {
        return new Message(family, 0).u8(cmd).u8(version).u16(0);
    }

    private int family() {
        int id = familyId;
        if (id == 0) {
            Message m = genl(Genl.GENL_ID_CTRL, Genl.CTRL_CMD_GETFAMILY, 1)
                    .attrString(Genl.CTRL_ATTR_FAMILY_NAME, Genl.ETHTOOL_GENL_NAME);
            Integer found = pool.withSocket(s -> s.get(m, (type, msg) -> {
                int[] v = {0};
                Attrs.walk(msg, Nl.NLMSG_HDRLEN + Genl.GENLMSG_HDRLEN, msg.byteSize(), (t, off, len) -> {
                    if (t == Genl.CTRL_ATTR_FAMILY_ID && len >= 2) {
                        v[0] = Attrs.u16(msg, off);
                    }
                });
                return v[0];
            }));
            if (found == null || found == 0) {
                throw new NetlinkException(0, "the kernel has no ethtool netlink family", null);
            }
            id = found;
            familyId = id;
        }
        return id;
    }

    /** One global string set, indexed by bit. */
    private List<String> strings(int set) {
        Message m = request(Genl.MSG_STRSET_GET, null, 0);
        m.beginNested(Genl.A_STRSET_STRINGSETS).beginNested(Genl.A_STRINGSETS_STRINGSET)
                .attrU32(Genl.A_STRINGSET_ID, set).endNested().endNested();
        List<String> out = pool.withSocket(s -> s.get(m, (type, msg) -> StringSets.parse(msg, set)));
        return out == null ? List.of() : out;
    }

    private static Bitset bitset(Map<Integer, Object> sets, int type) {
        Object b = sets.get(type);
        return b instanceof Bitset bs ? bs : new Bitset(0, new java.util.BitSet(), null, Map.of());
    }

    /** The names of the bits set in the value ({@code mask} false) or the mask ({@code mask} true). */
    static List<String> named(Bitset set, List<String> names, boolean mask) {
        List<String> out = new ArrayList<>();
        java.util.BitSet bits = mask && set.mask() != null ? set.mask() : set.value();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            String name = i < names.size() && !names.get(i).isEmpty() ? names.get(i) : set.names().get(i);
            out.add(name == null ? "bit" + i : name);
        }
        return out;
    }

    private static String mac(byte[] addr) {
        return HexFormat.ofDelimiter(":").formatHex(addr);
    }

    @Override
    public void close() {
        pool.close();
    }
}
