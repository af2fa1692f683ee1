package dev.gantry.agent.backend.netlink;

/** Link state: {@code link} is "Link detected"; SQI and the extended state where the driver has them. */
public record EthtoolLinkState(Boolean link, Long sqi, Long sqiMax, String extState, Integer extSubstate) {
}
