package dev.gantry.server.resources.instances;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.server.placement.Placement;
import dev.gantry.server.resources.References;
import dev.gantry.server.resources.ResourceCore;
import dev.gantry.server.resources.ResourceHandler;
import dev.gantry.server.resources.networks.Ipv4;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Virtual machines on a network. Deleting an instance gives back its address and detaches its disks
 * (they stay, unattached).
 */
public final class InstanceHandler implements ResourceHandler<Instance> {
    static final int MAX_CPU = 256;
    static final long MIN_MEMORY = 64L << 20;

    private final Optional<Placement> placement;

    /** Instances whose {@code node} is only what the caller gives. */
    public InstanceHandler() {
        this.placement = Optional.empty();
    }

    /** Instances whose {@code node}, when not given, is chosen by {@code placement} ({@code cluster/node}). */
    public InstanceHandler(Placement placement) {
        this.placement = Optional.of(placement);
    }

    @Override
    public String type() {
        return "instances";
    }

    @Override
    public String description() {
        return "Virtual machines: network and address, image, CPUs, memory, power state";
    }

    @Override
    public Class<Instance> specType() {
        return Instance.class;
    }

    @Override
    public void validate(Instance spec, boolean isNew, Violations v) {
        v.check(spec.network() != null && !spec.network().isBlank(), "spec.network", "required",
                "an instance needs a network", spec.network());
        v.check(spec.ip() == null || Ipv4.parse(spec.ip()).isPresent(), "spec.ip", "ipv4", "an IPv4 address",
                spec.ip());
        if (v.check(spec.cpu() != null, "spec.cpu", "required", "the number of CPUs", null)) {
            v.check(spec.cpu() >= 1 && spec.cpu() <= MAX_CPU, "spec.cpu", "range", "1-" + MAX_CPU, spec.cpu());
        }
        if (v.check(spec.memory() != null, "spec.memory", "required", "memory in bytes", null)) {
            v.check(spec.memory() >= MIN_MEMORY, "spec.memory", "range", "at least " + MIN_MEMORY + " bytes (64 MiB)",
                    spec.memory());
        }
    }

    @Override
    public Instance store(Handle h, ResourceCore core, Instance spec, Optional<Instance> previous) {
        Instance.PowerState power = spec.powerState() == null ? Instance.PowerState.ON : spec.powerState();
        if (previous.isPresent()) {
            Instance was = previous.get();
            ResourceCore network = References.require(h, "networks", core.tenant(), spec.network(), "spec.network", false);
            if (!network.name().equals(was.network()) && !network.id().toString().equals(was.network())) {
                throw ApiException.invalid("spec.network", "immutable", "an instance's network is fixed", spec.network());
            }
            if (spec.ip() != null && !spec.ip().equals(was.ip())) {
                throw ApiException.invalid("spec.ip", "immutable", "an instance's address is fixed", spec.ip());
            }
            h.createUpdate("UPDATE instances SET image = :image, cpu = :cpu, memory = :memory, node = :node, "
                            + "power_state = :power WHERE id = :id")
                    .bind("id", core.id()).bind("image", spec.image()).bind("cpu", spec.cpu())
                    .bind("memory", spec.memory()).bind("node", spec.node()).bind("power", power.name())
                    .execute();
            return load(h, core);
        }
        // The network's row is share-locked: it cannot be deleted under the new instance, and other
        // creates on it go on at once (IpLeases needs no lock to allocate).
        ResourceCore network = References.require(h, "networks", core.tenant(), spec.network(), "spec.network", true);
        String ip = IpLeases.lease(h, network.id(), network.name(), core.id(), Optional.ofNullable(spec.ip()));
        String node = spec.node() != null ? spec.node()
                : placement.flatMap(p -> p.nodeFor(h, spec.cpu(), spec.memory(), 0)).orElse(null);
        h.createUpdate("INSERT INTO instances (id, network_id, ip, image, cpu, memory, node, power_state) "
                        + "VALUES (:id, :network, CAST(:ip AS inet), :image, :cpu, :memory, :node, :power)")
                .bind("id", core.id()).bind("network", network.id()).bind("ip", ip).bind("image", spec.image())
                .bind("cpu", spec.cpu()).bind("memory", spec.memory()).bind("node", node)
                .bind("power", power.name()).execute();
        return new Instance(network.name(), ip, spec.image(), spec.cpu(), spec.memory(), node, power);
    }

    @Override
    public Instance load(Handle h, ResourceCore core) {
        return loadAll(h, List.of(core)).get(core.id());
    }

    @Override
    public Map<UUID, Instance> loadAll(Handle h, List<ResourceCore> cores) {
        Map<UUID, Instance> instances = new HashMap<>();
        h.createQuery("SELECT i.id, r.name AS network, host(i.ip) AS ip, i.image, i.cpu, i.memory, i.node, "
                        + "i.power_state FROM instances i JOIN resources r ON r.id = i.network_id WHERE i.id = ANY(:ids)")
                .bindArray("ids", UUID.class, cores.stream().map(ResourceCore::id).toList())
                .map((rs, ctx) -> instances.put(rs.getObject("id", UUID.class), new Instance(rs.getString("network"),
                        rs.getString("ip"), rs.getString("image"), rs.getInt("cpu"), rs.getLong("memory"),
                        rs.getString("node"), Instance.PowerState.valueOf(rs.getString("power_state")))))
                .list();
        return instances;
    }

    @Override
    public void release(Handle h, ResourceCore core) {
        IpLeases.release(h, core.id());
        h.createUpdate("UPDATE disks SET instance_id = NULL WHERE instance_id = :id").bind("id", core.id()).execute();
    }
}
