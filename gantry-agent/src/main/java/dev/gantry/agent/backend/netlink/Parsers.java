package dev.gantry.agent.backend.netlink;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rtnetlink messages into records. Every parser takes one whole message (header at offset 0),
 * returns null for a message too short for its family header or of another type, and ignores
 * attributes it does not know or whose payload has the wrong size; a malformed attribute ends the
 * attribute walk, keeping what was read before it. Device names are resolved later by
 * {@link Rtnl}, which knows the links.
 */
final class Parsers {
    private Parsers() {
    }

    static Link link(int type, MemorySegment m) {
        int base = Nl.NLMSG_HDRLEN;
        if ((type != Nl.RTM_NEWLINK && type != Nl.RTM_DELLINK) || m.byteSize() < base + Nl.IFINFOMSG_LEN) {
            return null;
        }
        LinkFields f = new LinkFields(m);
        f.index = Attrs.s32(m, base + 4);
        int flags = Attrs.s32(m, base + 8);
        Attrs.walk(m, base + Nl.IFINFOMSG_LEN, m.byteSize(), f);
        return new Link(f.index, f.name, f.altNames == null ? List.of() : f.altNames, f.kind, f.slaveKind, f.mtu,
                f.mac, f.broadcast, RtNames.linkFlags(flags), f.operState == null ? null : RtNames.operState(f.operState),
                null, f.master, f.linkIndex, f.txQueueLength, f.alias, f.stats);
    }

    private static final class LinkFields implements Attrs.Visitor {
        final MemorySegment m;
        int index;
        String name;
        List<String> altNames;
        String kind;
        String slaveKind;
        Integer mtu;
        String mac;
        String broadcast;
        Integer operState;
        Integer master;
        Integer linkIndex;
        Long txQueueLength;
        String alias;
        Link.Stats64 stats;

        LinkFields(MemorySegment m) {
            this.m = m;
        }

        @Override
        public void attr(int type, long off, int len) {
            switch (type) {
                case Nl.IFLA_IFNAME -> name = Attrs.string(m, off, len);
                case Nl.IFLA_ADDRESS -> mac = Addresses.mac(Attrs.bytes(m, off, len));
                case Nl.IFLA_BROADCAST -> broadcast = Addresses.mac(Attrs.bytes(m, off, len));
                case Nl.IFLA_MTU -> mtu = len >= 4 ? Attrs.s32(m, off) : null;
                case Nl.IFLA_MASTER -> master = len >= 4 ? Attrs.s32(m, off) : null;
                case Nl.IFLA_LINK -> linkIndex = len >= 4 ? Attrs.s32(m, off) : null;
                case Nl.IFLA_TXQLEN -> txQueueLength = len >= 4 ? Attrs.u32(m, off) : null;
                case Nl.IFLA_OPERSTATE -> operState = len >= 1 ? Attrs.u8(m, off) : null;
                case Nl.IFLA_IFALIAS -> alias = Attrs.string(m, off, len);
                case Nl.IFLA_STATS64 -> stats = stats64(m, off, len);
                case Nl.IFLA_LINKINFO -> Attrs.walk(m, off, off + len, (t, o, l) -> {
                    if (t == Nl.IFLA_INFO_KIND) {
                        kind = Attrs.string(m, o, l);
                    } else if (t == Nl.IFLA_INFO_SLAVE_KIND) {
                        slaveKind = Attrs.string(m, o, l);
                    }
                });
                case Nl.IFLA_PROP_LIST -> Attrs.walk(m, off, off + len, (t, o, l) -> {
                    if (t == Nl.IFLA_ALT_IFNAME) {
                        if (altNames == null) {
                            altNames = new ArrayList<>(2);
                        }
                        altNames.add(Attrs.string(m, o, l));
                    }
                });
                default -> {
                    // attributes the API does not show (IFLA_AF_SPEC, IFLA_XDP, ...) and unknown ones
                }
            }
        }
    }

    /** struct rtnl_link_stats64, read as far as the payload goes (older kernels send fewer counters). */
    static Link.Stats64 stats64(MemorySegment m, long off, int len) {
        long[] c = new long[24];
        int n = Math.min(24, len / 8);
        for (int i = 0; i < n; i++) {
            c[i] = m.get(Attrs.LONG, off + 8L * i);
        }
        return new Link.Stats64(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
                c[13], c[14], c[15], c[16], c[17], c[18], c[19], c[20], c[21], c[22], c[23]);
    }

    static Address address(int type, MemorySegment m) {
        int base = Nl.NLMSG_HDRLEN;
        if ((type != Nl.RTM_NEWADDR && type != Nl.RTM_DELADDR) || m.byteSize() < base + Nl.IFADDRMSG_LEN) {
            return null;
        }
        int family = Attrs.u8(m, base);
        int prefix = Attrs.u8(m, base + 1);
        long[] flags = {Attrs.u8(m, base + 2)};
        int scope = Attrs.u8(m, base + 3);
        int index = Attrs.s32(m, base + 4);
        byte[][] addr = new byte[3][];  // address, local, broadcast
        String[] label = new String[1];
        Long[] life = new Long[2];
        Attrs.walk(m, base + Nl.IFADDRMSG_LEN, m.byteSize(), (t, off, len) -> {
            switch (t) {
                case Nl.IFA_ADDRESS -> addr[0] = ipBytes(m, off, len);
                case Nl.IFA_LOCAL -> addr[1] = ipBytes(m, off, len);
                case Nl.IFA_BROADCAST -> addr[2] = ipBytes(m, off, len);
                case Nl.IFA_LABEL -> label[0] = Attrs.string(m, off, len);
                case Nl.IFA_FLAGS -> flags[0] = Attrs.u32(m, off, len, flags[0]);
                case Nl.IFA_CACHEINFO -> {
                    if (len >= 8) {
                        life[1] = Attrs.u32(m, off);
                        life[0] = Attrs.u32(m, off + 4);
                    }
                }
                default -> {
                }
            }
        });
        byte[] local = addr[1] != null ? addr[1] : addr[0];
        if (local == null) {
            return null;
        }
        String peer = addr[1] != null && addr[0] != null && !java.util.Arrays.equals(addr[0], addr[1])
                ? Addresses.ip(addr[0]) : null;
        return new Address(RtNames.family(family), index, null, Addresses.ip(local), prefix, peer,
                addr[2] == null ? null : Addresses.ip(addr[2]), RtNames.scope(scope), label[0],
                RtNames.addressFlags(flags[0]), life[0], life[1]);
    }

    /** An address payload of 4 or 16 bytes; anything else is treated as absent. */
    private static byte[] ipBytes(MemorySegment m, long off, int len) {
        return len == 4 || len == 16 ? Attrs.bytes(m, off, len) : null;
    }

    static Route route(int type, MemorySegment m, RtNames names) {
        int base = Nl.NLMSG_HDRLEN;
        if ((type != Nl.RTM_NEWROUTE && type != Nl.RTM_DELROUTE) || m.byteSize() < base + Nl.RTMSG_LEN) {
            return null;
        }
        int family = Attrs.u8(m, base);
        int dstLen = Attrs.u8(m, base + 1);
        int srcLen = Attrs.u8(m, base + 2);
        long[] table = {Attrs.u8(m, base + 4)};
        int protocol = Attrs.u8(m, base + 5);
        int scope = Attrs.u8(m, base + 6);
        int rtType = Attrs.u8(m, base + 7);
        long rtFlags = Attrs.u32(m, base + 8);
        RouteFields f = new RouteFields(m);
        Attrs.walk(m, base + Nl.RTMSG_LEN, m.byteSize(), (t, off, len) -> {
            switch (t) {
                case Nl.RTA_DST -> f.dst = ipBytes(m, off, len);
                case Nl.RTA_SRC -> f.src = ipBytes(m, off, len);
                case Nl.RTA_GATEWAY -> f.gateway = ipBytes(m, off, len);
                case Nl.RTA_VIA -> {
                    // struct rtvia: u16 family, then the address (an IPv6 gateway of an IPv4 route)
                    if (len == 2 + 16 || len == 2 + 4) {
                        f.gateway = Attrs.bytes(m, off + 2, len - 2);
                    }
                }
                case Nl.RTA_PREFSRC -> f.prefsrc = ipBytes(m, off, len);
                case Nl.RTA_OIF -> f.oif = len >= 4 ? Attrs.s32(m, off) : null;
                case Nl.RTA_IIF -> f.iif = len >= 4 ? Attrs.s32(m, off) : null;
                case Nl.RTA_PRIORITY -> f.metric = len >= 4 ? Attrs.u32(m, off) : null;
                case Nl.RTA_TABLE -> table[0] = Attrs.u32(m, off, len, table[0]);
                case Nl.RTA_MULTIPATH -> f.nexthops = nexthops(m, off, len);
                default -> {
                }
            }
        });
        String destination = f.dst == null ? (dstLen == 0 ? "default" : null) : prefix(f.dst, dstLen);
        if (destination == null) {
            destination = family == Nl.AF_INET6 ? "::/" + dstLen : "0.0.0.0/" + dstLen;
        }
        String source = f.src == null ? null : prefix(f.src, srcLen);
        return new Route(RtNames.family(family), names.table(table[0]), table[0], RtNames.routeType(rtType),
                destination, source, f.gateway == null ? null : Addresses.ip(f.gateway), null, f.oif,
                f.iif == null ? null : Integer.toString(f.iif), RtNames.protocol(protocol), RtNames.scope(scope),
                f.metric, f.prefsrc == null ? null : Addresses.ip(f.prefsrc), RtNames.routeFlags(rtFlags),
                f.nexthops == null ? List.of() : f.nexthops);
    }

    /** "address/length", or the bare address for a host prefix (/32, /128), as iproute2 prints routes. */
    static String prefix(byte[] address, int length) {
        return length == address.length * 8 ? Addresses.ip(address) : Addresses.ip(address) + "/" + length;
    }

    private static final class RouteFields {
        final MemorySegment m;
        byte[] dst;
        byte[] src;
        byte[] gateway;
        byte[] prefsrc;
        Integer oif;
        Integer iif;
        Long metric;
        List<Route.Nexthop> nexthops;

        RouteFields(MemorySegment m) {
            this.m = m;
        }
    }

    /** struct rtnexthop entries: u16 len, u8 flags, u8 hops (weight - 1), s32 ifindex, then attributes. */
    static List<Route.Nexthop> nexthops(MemorySegment m, long off, int len) {
        List<Route.Nexthop> out = new ArrayList<>(2);
        long end = off + len;
        long pos = off;
        while (pos + 8 <= end) {
            int nhLen = Attrs.u16(m, pos);
            if (nhLen < 8 || pos + nhLen > end) {
                break;
            }
            int flags = Attrs.u8(m, pos + 2);
            int hops = Attrs.u8(m, pos + 3);
            int ifindex = Attrs.s32(m, pos + 4);
            byte[][] gw = new byte[1][];
            Attrs.walk(m, pos + 8, pos + nhLen, (t, o, l) -> {
                if (t == Nl.RTA_GATEWAY) {
                    gw[0] = ipBytes(m, o, l);
                } else if (t == Nl.RTA_VIA && (l == 6 || l == 18)) {
                    gw[0] = Attrs.bytes(m, o + 2, l - 2);
                }
            });
            out.add(new Route.Nexthop(gw[0] == null ? null : Addresses.ip(gw[0]), null, ifindex, hops + 1,
                    RtNames.routeFlags(flags)));
            pos += Attrs.align(nhLen);
        }
        return out;
    }

    static Rule rule(int type, MemorySegment m, RtNames names) {
        int base = Nl.NLMSG_HDRLEN;
        if ((type != Nl.RTM_NEWRULE && type != Nl.RTM_DELRULE) || m.byteSize() < base + Nl.FIB_RULE_HDR_LEN) {
            return null;
        }
        int family = Attrs.u8(m, base);
        int dstLen = Attrs.u8(m, base + 1);
        int srcLen = Attrs.u8(m, base + 2);
        int tos = Attrs.u8(m, base + 3);
        long[] table = {Attrs.u8(m, base + 4)};
        int action = Attrs.u8(m, base + 7);
        long flags = Attrs.u32(m, base + 8);
        Object[] v = new Object[8]; // src, dst, iif, oif, priority, fwmark, fwmask, goto
        int[] proto = {-1};
        Attrs.walk(m, base + Nl.FIB_RULE_HDR_LEN, m.byteSize(), (t, off, len) -> {
            switch (t) {
                case Nl.FRA_SRC -> v[0] = ipBytes(m, off, len);
                case Nl.FRA_DST -> v[1] = ipBytes(m, off, len);
                case Nl.FRA_IIFNAME -> v[2] = Attrs.string(m, off, len);
                case Nl.FRA_OIFNAME -> v[3] = Attrs.string(m, off, len);
                case Nl.FRA_PRIORITY -> v[4] = len >= 4 ? Attrs.u32(m, off) : null;
                case Nl.FRA_FWMARK -> v[5] = len >= 4 ? Attrs.u32(m, off) : null;
                case Nl.FRA_FWMASK -> v[6] = len >= 4 ? Attrs.u32(m, off) : null;
                case Nl.FRA_GOTO -> v[7] = len >= 4 ? Attrs.u32(m, off) : null;
                case Nl.FRA_TABLE -> table[0] = Attrs.u32(m, off, len, table[0]);
                case Nl.FRA_PROTOCOL -> proto[0] = Attrs.u8(m, off, len, -1);
                default -> {
                }
            }
        });
        String from = v[0] == null ? "all" : prefix((byte[]) v[0], srcLen);
        String to = v[1] == null ? null : prefix((byte[]) v[1], dstLen);
        String actionName = switch (action) {
            case 1 -> "lookup";
            case 2 -> "goto";
            case 3 -> "nop";
            case 6 -> "blackhole";
            case 7 -> "unreachable";
            case 8 -> "prohibit";
            default -> Integer.toString(action);
        };
        return new Rule(RtNames.family(family), v[4] == null ? 0 : (Long) v[4], from, to,
                action == Nl.FR_ACT_TO_TBL ? names.table(table[0]) : null, table[0], actionName, (Long) v[7],
                (String) v[2], (String) v[3], (Long) v[5], (Long) v[6], (flags & Nl.FIB_RULE_INVERT) != 0,
                tos == 0 ? null : tos, proto[0] < 0 ? null : RtNames.protocol(proto[0]));
    }

    static Neighbour neighbour(int type, MemorySegment m) {
        int base = Nl.NLMSG_HDRLEN;
        if ((type != Nl.RTM_NEWNEIGH && type != Nl.RTM_DELNEIGH) || m.byteSize() < base + Nl.NDMSG_LEN) {
            return null;
        }
        int family = Attrs.u8(m, base);
        int index = Attrs.s32(m, base + 4);
        int state = Attrs.u16(m, base + 8);
        int flags = Attrs.u8(m, base + 10);
        byte[][] v = new byte[2][];
        Attrs.walk(m, base + Nl.NDMSG_LEN, m.byteSize(), (t, off, len) -> {
            if (t == Nl.NDA_DST) {
                v[0] = ipBytes(m, off, len);
            } else if (t == Nl.NDA_LLADDR) {
                v[1] = Attrs.bytes(m, off, len);
            }
        });
        if (v[0] == null) {
            return null;
        }
        return new Neighbour(RtNames.family(family), index, null, Addresses.ip(v[0]),
                v[1] == null ? null : Addresses.mac(v[1]), RtNames.neighbourStates(state),
                RtNames.neighbourFlags(flags));
    }
}
