package dev.gantry.agent.events.dhcp;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.hostname.Hostnamed;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.events.DhcpLease;
import dev.gantry.agent.events.NetworkEvent;
import dev.gantry.agent.events.NetworkEventListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS servers, domains and host name of a new dhclient lease, handed to systemd-resolved
 * ({@code SetLinkDNS}, {@code SetLinkDomains} on the lease's link) and systemd-hostnamed
 * ({@code SetHostname}: the transient name, as networkd's {@code UseHostname=} does, so a static
 * name in /etc/hostname still wins and is never overwritten). Only what the settings turn on is sent;
 * lease values that are not IP literals or valid DNS names are dropped with a log line, and nothing is
 * sent for an empty list (an empty SetLinkDNS would clear what another source set).
 *
 * <p>A listener of the broker: the D-Bus calls run on one thread of their own, in lease order, so the
 * lease source is never held up by a slow bus.
 */
public final class DhcpNames implements NetworkEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpNames.class);

    private final DhcpNamesSettings settings;
    private final Resolved resolved;
    private final Hostnamed hostnamed;
    private final ExecutorService calls = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("dhcp-names").factory());

    public DhcpNames(DhcpNamesSettings settings, Resolved resolved, Hostnamed hostnamed) {
        this.settings = settings;
        this.resolved = resolved;
        this.hostnamed = hostnamed;
    }

    @Override
    public void onEvent(NetworkEvent event) {
        if (settings.enabled() && event instanceof NetworkEvent.Lease lease) {
            calls.execute(() -> apply(lease.ifindex(), lease.name(), lease.lease()));
        }
    }

    /** What one lease asks for, validated. */
    record Plan(List<byte[]> servers, List<Resolved.Domain> domains, Optional<String> hostname) {
    }

    Plan plan(int ifindex, DhcpLease lease) {
        List<byte[]> servers = settings.useDns() ? DhcpValues.servers(lease.dns()) : List.of();
        List<Resolved.Domain> domains = settings.useDomain()
                ? DhcpValues.domains(lease.domains()).stream()
                        .map(d -> new Resolved.Domain(ifindex, d, settings.domainsRouteOnly())).toList()
                : List.of();
        Optional<String> hostname = settings.useHostname()
                ? lease.hostname().flatMap(DhcpValues::hostname) : Optional.empty();
        return new Plan(servers, domains, hostname);
    }

    void apply(int ifindex, String link, DhcpLease lease) {
        Plan plan = plan(ifindex, lease);
        try {
            if (!plan.servers().isEmpty() || !plan.domains().isEmpty()) {
                resolved.setLink(ifindex, plan.servers().isEmpty() ? null : plan.servers(),
                        plan.domains().isEmpty() ? null : plan.domains());
                LOG.info("{}: resolved gets {} DNS server(s), {} domain(s) from the dhclient lease", link,
                        plan.servers().size(), plan.domains().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot hand the lease's DNS settings to systemd-resolved: {}", link, e.getMessage());
        }
        plan.hostname().ifPresent(name -> {
            try {
                hostnamed.setTransient(name);
                LOG.info("{}: transient host name {} from the dhclient lease", link, name);
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot set the host name {}: {}", link, name, e.getMessage());
            }
        });
    }

    /** Waits a little for a call in flight. */
    @Override
    public void close() {
        calls.shutdown();
        try {
            calls.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
