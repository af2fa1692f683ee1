package dev.gantry.agent.backend.netlink;

/**
 * One kernel feature: whether it is on, whether it is fixed (the driver cannot change it), and,
 * when what was asked for differs from what is on, what was asked for ({@code [requested on]}).
 */
public record EthtoolFeature(boolean active, boolean fixed, Boolean requested) {
}
