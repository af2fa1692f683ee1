package dev.gantry.agent.backend.netlink;

import java.util.List;

/** Link settings, as {@code ethtool DEV} prints them; absent fields are unknown to the driver. */
public record EthtoolSettings(Long speed, String duplex, Boolean autoneg, String port, Integer phyAddress,
                              String transceiver, String mdix, Long lanes, List<String> supportedLinkModes,
                              List<String> advertisedLinkModes, List<String> peerLinkModes) {
    public EthtoolSettings {
        supportedLinkModes = List.copyOf(supportedLinkModes);
        advertisedLinkModes = List.copyOf(advertisedLinkModes);
        peerLinkModes = List.copyOf(peerLinkModes);
    }
}
