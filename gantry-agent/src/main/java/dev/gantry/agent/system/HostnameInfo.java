package dev.gantry.agent.system;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The host's names as systemd-hostnamed keeps them ({@code hostnamectl}): the static hostname
 * ({@code /etc/hostname}), the pretty one and chassis, deployment and location
 * ({@code /etc/machine-info}), and the transient one the kernel uses now. Unset values are left out.
 */
public record HostnameInfo(@JsonProperty("static") String staticHostname, String pretty,
                           @JsonProperty("transient") String transientHostname, String defaultHostname,
                           String chassis, String deployment, String location, String iconName,
                           String hardwareVendor, String hardwareModel) {
}
