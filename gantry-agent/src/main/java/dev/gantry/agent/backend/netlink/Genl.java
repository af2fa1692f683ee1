package dev.gantry.agent.backend.netlink;

/**
 * Generic netlink (linux/genetlink.h) and the ethtool family's message and attribute numbers
 * (linux/ethtool_netlink.h, kernel 6.x). Only what the agent speaks is listed; attributes a newer
 * kernel adds are skipped by the parsers.
 */
final class Genl {
    private Genl() {
    }

    static final int GENLMSG_HDRLEN = 4;
    static final int GENL_ID_CTRL = 16;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;

    static final String ETHTOOL_GENL_NAME = "ethtool";
    static final int ETHTOOL_GENL_VERSION = 1;

    // ETHTOOL_MSG_* (requests); a GET's reply carries the same command number.
    static final int MSG_STRSET_GET = 1;
    static final int MSG_LINKINFO_GET = 2;
    static final int MSG_LINKINFO_SET = 3;
    static final int MSG_LINKMODES_GET = 4;
    static final int MSG_LINKMODES_SET = 5;
    static final int MSG_LINKSTATE_GET = 6;
    static final int MSG_FEATURES_GET = 11;
    static final int MSG_FEATURES_SET = 12;
    static final int MSG_RINGS_GET = 15;
    static final int MSG_RINGS_SET = 16;
    static final int MSG_CHANNELS_GET = 17;
    static final int MSG_CHANNELS_SET = 18;
    static final int MSG_COALESCE_GET = 19;
    static final int MSG_COALESCE_SET = 20;
    static final int MSG_PAUSE_GET = 21;
    static final int MSG_PAUSE_SET = 22;

    /** Every ethtool request and reply has its header nest as attribute 1. */
    static final int A_HEADER = 1;
    static final int A_HEADER_DEV_NAME = 2;
    static final int A_HEADER_FLAGS = 3;
    static final int FLAG_COMPACT_BITSETS = 1;
    static final int FLAG_OMIT_REPLY = 1 << 1;

    static final int A_BITSET_NOMASK = 1;
    static final int A_BITSET_SIZE = 2;
    static final int A_BITSET_BITS = 3;
    static final int A_BITSET_VALUE = 4;
    static final int A_BITSET_MASK = 5;
    static final int A_BITSET_BITS_BIT = 1;
    static final int A_BITSET_BIT_INDEX = 1;
    static final int A_BITSET_BIT_NAME = 2;
    static final int A_BITSET_BIT_VALUE = 3;

    static final int A_STRSET_STRINGSETS = 2;
    static final int A_STRINGSETS_STRINGSET = 1;
    static final int A_STRINGSET_ID = 1;
    static final int A_STRINGSET_STRINGS = 3;
    static final int A_STRINGS_STRING = 1;
    static final int A_STRING_INDEX = 1;
    static final int A_STRING_VALUE = 2;
    static final int ETH_SS_FEATURES = 4;
    static final int ETH_SS_LINK_MODES = 9;

    static final int A_LINKINFO_PORT = 2;
    static final int A_LINKINFO_PHYADDR = 3;
    static final int A_LINKINFO_TP_MDIX = 4;
    static final int A_LINKINFO_TRANSCEIVER = 6;

    static final int A_LINKMODES_AUTONEG = 2;
    static final int A_LINKMODES_OURS = 3;
    static final int A_LINKMODES_PEER = 4;
    static final int A_LINKMODES_SPEED = 5;
    static final int A_LINKMODES_DUPLEX = 6;
    static final int A_LINKMODES_LANES = 9;

    static final int A_LINKSTATE_LINK = 2;
    static final int A_LINKSTATE_SQI = 3;
    static final int A_LINKSTATE_SQI_MAX = 4;
    static final int A_LINKSTATE_EXT_STATE = 5;
    static final int A_LINKSTATE_EXT_SUBSTATE = 6;

    static final int A_FEATURES_HW = 2;
    static final int A_FEATURES_WANTED = 3;
    static final int A_FEATURES_ACTIVE = 4;
    static final int A_FEATURES_NOCHANGE = 5;
}
