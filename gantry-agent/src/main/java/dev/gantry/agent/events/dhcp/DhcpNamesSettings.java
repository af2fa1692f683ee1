package dev.gantry.agent.events.dhcp;

/**
 * Which parts of a dhclient lease go to systemd-resolved and systemd-hostnamed: {@code UseDNS},
 * {@code UseDomain}, {@code UseHostname} of {@code [Events]}, and {@code DomainsRouteOnly} (the domains
 * become routing-only, {@code ~domain}, instead of search domains).
 */
public record DhcpNamesSettings(boolean useDns, boolean useDomain, boolean useHostname, boolean domainsRouteOnly) {
    public boolean enabled() {
        return useDns || useDomain || useHostname;
    }
}
