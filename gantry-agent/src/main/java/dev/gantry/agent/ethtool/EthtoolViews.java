package dev.gantry.agent.ethtool;

import dev.gantry.agent.backend.netlink.EthtoolDriver;
import dev.gantry.agent.backend.netlink.EthtoolFeature;
import dev.gantry.agent.backend.netlink.EthtoolFeatureGroup;
import dev.gantry.agent.backend.netlink.EthtoolFeatures;
import dev.gantry.agent.backend.netlink.EthtoolLinkState;
import dev.gantry.agent.backend.netlink.EthtoolSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of {@code /api/v1/ethtool}. Parameter blocks carry every parameter the driver reports
 * (absent: the driver does not have it); {@code *Max} fields are the driver's limits, read-only.
 */
public final class EthtoolViews {
    private EthtoolViews() {
    }

    /** {@code ethtool -l}. */
    public record EthtoolChannels(Long rxMax, Long txMax, Long otherMax, Long combinedMax, Long rx, Long tx,
                                  Long other, Long combined) {
    }

    /** {@code ethtool -g}; {@code tcpDataSplit}: 0 unknown, 1 disabled, 2 enabled. */
    public record EthtoolRings(Long rxMax, Long rxMiniMax, Long rxJumboMax, Long txMax, Long rx, Long rxMini,
                               Long rxJumbo, Long tx, Long rxBufLen, Long tcpDataSplit, Long cqeSize, Boolean txPush,
                               Boolean rxPush, Long txPushBufLen, Long txPushBufLenMax, Long hdsThresh,
                               Long hdsThreshMax) {
    }

    /** {@code ethtool -c}. */
    public record EthtoolCoalesce(Long rxUsecs, Long rxMaxFrames, Long rxUsecsIrq, Long rxMaxFramesIrq, Long txUsecs,
                                  Long txMaxFrames, Long txUsecsIrq, Long txMaxFramesIrq, Long statsBlockUsecs,
                                  Boolean adaptiveRx, Boolean adaptiveTx, Long pktRateLow, Long rxUsecsLow,
                                  Long rxMaxFramesLow, Long txUsecsLow, Long txMaxFramesLow, Long pktRateHigh,
                                  Long rxUsecsHigh, Long rxMaxFramesHigh, Long txUsecsHigh, Long txMaxFramesHigh,
                                  Long rateSampleInterval, Boolean cqeModeTx, Boolean cqeModeRx, Long txAggrMaxBytes,
                                  Long txAggrMaxFrames, Long txAggrTimeUsecs) {
    }

    /** {@code ethtool -a}. */
    public record EthtoolPause(Boolean autoneg, Boolean rx, Boolean tx) {
    }

    /** {@code ethtool -S}: the driver's counters by name, in the driver's order. */
    public record EthtoolStatistics(Map<String, Long> statistics) {
        public EthtoolStatistics {
            statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        }
    }

    /** {@code ethtool -P}: absent when the driver reports none (all zeros). */
    public record EthtoolPermanentAddress(String address) {
    }

    /** The features after a change, and the requested ones the kernel did not set (a dependency, say). */
    public record EthtoolFeaturesChanged(Map<String, EthtoolFeature> features,
                                         List<EthtoolFeatureGroup> groups, List<String> notApplied) {
        public EthtoolFeaturesChanged {
            features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
            groups = List.copyOf(groups);
            notApplied = List.copyOf(notApplied);
        }
    }

    /**
     * Everything ethtool knows of one link. A part the link's driver does not support is absent and
     * named in {@code unsupported} (e.g. rings, coalesce and pause on a veth).
     */
    public record EthtoolLink(String name, EthtoolSettings settings, EthtoolLinkState linkState,
                              EthtoolDriver driver, String permanentAddress,
                              EthtoolFeatures features, Map<String, Long> statistics,
                              EthtoolChannels channels, EthtoolRings rings, EthtoolCoalesce coalesce,
                              EthtoolPause pause, List<String> unsupported) {
        public EthtoolLink {
            statistics = statistics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
            unsupported = List.copyOf(unsupported);
        }
    }
}
