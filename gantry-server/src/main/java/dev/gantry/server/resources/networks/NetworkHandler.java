package dev.gantry.server.resources.networks;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.server.resources.References;
import dev.gantry.server.resources.ResourceCore;
import dev.gantry.server.resources.ResourceHandler;
import dev.gantry.server.resources.SqlErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Virtual networks: an IPv4 prefix, a gateway, DNS servers and leases. */
public final class NetworkHandler implements ResourceHandler<Network> {
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    @Override
    public String type() {
        return "networks";
    }

    @Override
    public String description() {
        return "Virtual networks: IPv4 prefix, gateway, DNS servers, static and instance leases";
    }

    @Override
    public Class<Network> specType() {
        return Network.class;
    }

    @Override
    public void validate(Network spec, boolean isNew, Violations v) {
        Optional<Ipv4.Cidr> cidr = Ipv4.parseCidr(spec.cidr());
        v.check(cidr.isPresent(), "spec.cidr", "cidr",
                "an IPv4 prefix such as 10.0.0.0/24, prefix length 8-30, no host bits set", spec.cidr());
        if (spec.gateway() != null) {
            Optional<Long> gw = Ipv4.parse(spec.gateway());
            if (v.check(gw.isPresent(), "spec.gateway", "ipv4", "an IPv4 address", spec.gateway())) {
                cidr.ifPresent(c -> v.check(c.containsHost(gw.get()), "spec.gateway", "outside",
                        "must be a host address of " + c, spec.gateway()));
            }
        }
        for (int i = 0; i < spec.dns().size(); i++) {
            v.check(Ipv4.parse(spec.dns().get(i)).isPresent(), "spec.dns[" + i + "]", "ipv4", "an IPv4 address",
                    spec.dns().get(i));
        }
        long gateway = gateway(spec, cidr);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < spec.leases().size(); i++) {
            Network.Lease lease = spec.leases().get(i);
            if (lease.isAuto()) {
                continue;
            }
            String field = "spec.leases[" + i + "]";
            v.check(lease.instance() == null, field + ".instance", "read-only",
                    "static leases name a MAC; instances take their leases themselves", lease.instance());
            v.check(lease.mac() == null || MAC.matcher(lease.mac()).matches(), field + ".mac", "mac",
                    "a MAC address in lowercase colon form (52:54:00:12:34:56)", lease.mac());
            Optional<Long> ip = Ipv4.parse(lease.ip());
            if (!v.check(ip.isPresent(), field + ".ip", "ipv4", "an IPv4 address", lease.ip())) {
                continue;
            }
            cidr.ifPresent(c -> v.check(c.containsHost(ip.get()) && ip.get() != gateway, field + ".ip", "outside",
                    "must be a host address of " + c + " other than the gateway", lease.ip()));
            v.check(seen.add(ip.get()), field + ".ip", "duplicate", "leased twice", lease.ip());
        }
    }

    private static long gateway(Network spec, Optional<Ipv4.Cidr> cidr) {
        return spec.gateway() != null ? Ipv4.parse(spec.gateway()).orElse(-1L)
                : cidr.map(c -> c.network() + 1).orElse(-1L);
    }

    @Override
    public Network store(Handle h, ResourceCore core, Network spec, Optional<Network> previous) {
        Ipv4.Cidr cidr = Ipv4.parseCidr(spec.cidr()).orElseThrow();
        String gateway = Ipv4.format(gateway(spec, Optional.of(cidr)));
        if (previous.isEmpty()) {
            h.createUpdate("INSERT INTO networks (id, cidr, gateway, dns) VALUES "
                            + "(:id, CAST(:cidr AS cidr), CAST(:gateway AS inet), CAST(:dns AS inet[]))")
                    .bind("id", core.id()).bind("cidr", cidr.toString()).bind("gateway", gateway)
                    .bind("dns", "{" + String.join(",", spec.dns()) + "}").execute();
            AddressCursor.create(h, core.id());
        } else {
            if (!Ipv4.parseCidr(previous.get().cidr()).orElseThrow().equals(cidr)) {
                throw ApiException.invalid("spec.cidr", "immutable", "a network's cidr is fixed at creation",
                        spec.cidr());
            }
            List<String> outside = h.createQuery("SELECT host(ip) FROM network_leases WHERE network_id = :id "
                            + "AND auto AND ip = CAST(:gateway AS inet)")
                    .bind("id", core.id()).bind("gateway", gateway).mapTo(String.class).list();
            if (!outside.isEmpty()) {
                throw ApiException.conflict("spec.gateway: " + gateway + " is leased to an instance");
            }
            h.createUpdate("UPDATE networks SET gateway = CAST(:gateway AS inet), dns = CAST(:dns AS inet[]) "
                            + "WHERE id = :id")
                    .bind("id", core.id()).bind("gateway", gateway)
                    .bind("dns", "{" + String.join(",", spec.dns()) + "}").execute();
            h.createUpdate("DELETE FROM network_leases WHERE network_id = :id AND NOT auto")
                    .bind("id", core.id()).execute();
        }
        for (Network.Lease lease : spec.staticLeases()) {
            try {
                h.createUpdate("INSERT INTO network_leases (network_id, ip, mac, auto) "
                                + "VALUES (:id, CAST(:ip AS inet), CAST(:mac AS macaddr), false)")
                        .bind("id", core.id()).bind("ip", lease.ip()).bind("mac", lease.mac()).execute();
            } catch (UnableToExecuteStatementException e) {
                if (SqlErrors.uniqueConstraint(e).isPresent()) {
                    throw ApiException.conflict("spec.leases: " + lease.ip() + " is leased to an instance");
                }
                throw e;
            }
        }
        return load(h, core);
    }

    @Override
    public Network load(Handle h, ResourceCore core) {
        return loadAll(h, List.of(core)).get(core.id());
    }

    @Override
    public Map<UUID, Network> loadAll(Handle h, List<ResourceCore> cores) {
        List<UUID> ids = cores.stream().map(ResourceCore::id).toList();
        Map<UUID, List<Network.Lease>> leases = new HashMap<>();
        h.createQuery("SELECT network_id, host(ip) AS ip, mac::text AS mac, instance_id, auto "
                        + "FROM network_leases WHERE network_id = ANY(:ids) ORDER BY network_id, ip")
                .bindArray("ids", UUID.class, ids)
                .map((rs, ctx) -> leases.computeIfAbsent(rs.getObject("network_id", UUID.class), k -> new ArrayList<>())
                        .add(new Network.Lease(rs.getString("ip"), rs.getString("mac"),
                                rs.getObject("instance_id", UUID.class), rs.getBoolean("auto"))))
                .list();
        Map<UUID, Network> networks = new HashMap<>();
        h.createQuery("SELECT id, cidr::text AS cidr, host(gateway) AS gateway, "
                        + "ARRAY(SELECT host(d) FROM unnest(dns) d) AS dns FROM networks WHERE id = ANY(:ids)")
                .bindArray("ids", UUID.class, ids)
                .map((rs, ctx) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return networks.put(id, new Network(rs.getString("cidr"), rs.getString("gateway"),
                            List.of((String[]) rs.getArray("dns").getArray()), leases.getOrDefault(id, List.of())));
                })
                .list();
        return networks;
    }

    @Override
    public List<String> dependents(Handle h, ResourceCore core) {
        return References.dependents(h, "instances", "SELECT id FROM instances WHERE network_id = :id", core.id());
    }

    @Override
    public void release(Handle h, ResourceCore core) {
        AddressCursor.drop(h, core.id());
    }
}
