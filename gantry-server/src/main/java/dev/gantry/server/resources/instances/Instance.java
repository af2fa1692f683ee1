package dev.gantry.server.resources.instances;

/**
 * An instance's spec. {@code network} (name or id) is required and fixed; {@code ip} is taken as
 * given when free, or allocated from the network when absent, and fixed afterwards. {@code memory} is
 * in bytes. {@code node} is where the instance runs (set by placement, which arrives with the inventory).
 */
public record Instance(String network, String ip, String image, Integer cpu, Long memory, String node,
                       PowerState powerState) {

    public enum PowerState {
        @com.fasterxml.jackson.annotation.JsonProperty("on") ON,
        @com.fasterxml.jackson.annotation.JsonProperty("off") OFF
    }
}
