package dev.gantry.agent.backend.netlink;

import java.util.List;

/**
 * The legacy offload names {@code ethtool -k} prints and {@code ethtool -K} takes ("tx-checksumming",
 * short "tx"), each standing for the kernel features whose names match a pattern with at most one
 * {@code *} (ethtool's off_flag_def table and flag_pattern_match, kept identical so the agent
 * groups features as the command does).
 */
final class FeatureGroups {
    private FeatureGroups() {
    }

    record Group(String shortName, String name, String pattern) {
        boolean matches(String feature) {
            int star = pattern.indexOf('*');
            if (star < 0) {
                return feature.equals(pattern);
            }
            String prefix = pattern.substring(0, star);
            String suffix = pattern.substring(star + 1);
            return feature.length() >= prefix.length() + suffix.length() && feature.startsWith(prefix)
                    && feature.endsWith(suffix);
        }
    }

    static final List<Group> ALL = List.of(
            new Group("rx", "rx-checksumming", "rx-checksum"),
            new Group("tx", "tx-checksumming", "tx-checksum-*"),
            new Group("sg", "scatter-gather", "tx-scatter-gather*"),
            new Group("tso", "tcp-segmentation-offload", "tx-tcp*-segmentation"),
            new Group("ufo", "udp-fragmentation-offload", "tx-udp-fragmentation"),
            new Group("gso", "generic-segmentation-offload", "tx-generic-segmentation"),
            new Group("gro", "generic-receive-offload", "rx-gro"),
            new Group("lro", "large-receive-offload", "rx-lro"),
            new Group("rxvlan", "rx-vlan-offload", "rx-vlan-hw-parse"),
            new Group("txvlan", "tx-vlan-offload", "tx-vlan-hw-insert"),
            new Group("ntuple", "ntuple-filters", "rx-ntuple-filter"),
            new Group("rxhash", "receive-hashing", "rx-hashing"));
}
