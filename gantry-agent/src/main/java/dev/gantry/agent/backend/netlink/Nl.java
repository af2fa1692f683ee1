package dev.gantry.agent.backend.netlink;

/** Netlink and rtnetlink constants (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, ...). */
final class Nl {
    private Nl() {
    }

    // nlmsghdr
    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_CAPPED = 0x100;
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;

    static final int NLA_HDRLEN = 4;
    static final int NLA_TYPE_MASK = 0x3fff;
    static final int NLA_F_NESTED = 0x8000;

    // message types
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;

    // families
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    // multicast groups (bit masks for sockaddr_nl.nl_groups)
    static final int RTMGRP_LINK = 0x1;
    static final int RTMGRP_IPV4_IFADDR = 0x10;
    static final int RTMGRP_IPV4_ROUTE = 0x40;
    static final int RTMGRP_IPV6_IFADDR = 0x100;
    static final int RTMGRP_IPV6_ROUTE = 0x400;

    // ifinfomsg (16 bytes) and IFLA_*
    static final int IFINFOMSG_LEN = 16;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_BROADCAST = 2;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MASTER = 10;
    static final int IFLA_TXQLEN = 13;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_IFALIAS = 20;
    static final int IFLA_STATS64 = 23;
    static final int IFLA_EXT_MASK = 29;
    static final int IFLA_PROP_LIST = 52;
    static final int IFLA_ALT_IFNAME = 53;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_SLAVE_KIND = 4;
    static final int IFF_UP = 0x1;

    // ifaddrmsg (8 bytes) and IFA_*
    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_CACHEINFO = 6;
    static final int IFA_FLAGS = 8;

    // rtmsg (12 bytes) and RTA_*
    static final int RTMSG_LEN = 12;
    static final int RTA_DST = 1;
    static final int RTA_SRC = 2;
    static final int RTA_IIF = 3;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_MULTIPATH = 9;
    static final int RTA_TABLE = 15;
    static final int RTA_PREF = 20;
    static final int RTA_VIA = 18;
    static final int RT_TABLE_UNSPEC = 0;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RTPROT_STATIC = 4;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RTN_UNICAST = 1;

    // fib_rule_hdr (12 bytes) and FRA_*
    static final int FIB_RULE_HDR_LEN = 12;
    static final int FRA_DST = 1;
    static final int FRA_SRC = 2;
    static final int FRA_IIFNAME = 3;
    static final int FRA_GOTO = 4;
    static final int FRA_PRIORITY = 6;
    static final int FRA_FWMARK = 10;
    static final int FRA_TABLE = 15;
    static final int FRA_FWMASK = 16;
    static final int FRA_OIFNAME = 17;
    static final int FRA_L3MDEV = 19;
    static final int FRA_PROTOCOL = 21;
    static final int FR_ACT_TO_TBL = 1;
    static final int FIB_RULE_INVERT = 0x2;

    // ndmsg (12 bytes) and NDA_*
    static final int NDMSG_LEN = 12;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NUD_REACHABLE = 0x02;
    static final int NUD_PERMANENT = 0x80;
}
