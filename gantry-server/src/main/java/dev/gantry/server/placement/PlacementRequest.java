package dev.gantry.server.placement;

import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.Optional;

/**
 * What to place: {@code count} guests of {@code cpu} vCPUs, {@code memory} and {@code disk} bytes each.
 *
 * @param cpu    vCPUs per guest, 1 to 1024
 * @param memory bytes per guest, at least 1
 * @param disk   bytes per guest, 0 or more; default 0
 * @param count  how many guests, 1 to {@link #MAX_COUNT}; default 1
 * @param group  only clusters in this group (absent: every registered cluster)
 */
public record PlacementRequest(Integer cpu, Long memory, Long disk, Integer count, String group) implements Validated {
    public static final int MAX_COUNT = 1000;
    static final int MAX_CPU = 1024;

    @Override
    public void validate(Violations v) {
        if (v.check(cpu != null, "cpu", "required", "vCPUs per guest", null)) {
            v.check(cpu >= 1 && cpu <= MAX_CPU, "cpu", "range", "1-" + MAX_CPU, cpu);
        }
        if (v.check(memory != null, "memory", "required", "memory per guest in bytes", null)) {
            v.check(memory >= 1, "memory", "range", "at least 1 byte", memory);
        }
        v.check(disk == null || disk >= 0, "disk", "range", "0 or more bytes", disk);
        v.check(count == null || (count >= 1 && count <= MAX_COUNT), "count", "range", "1-" + MAX_COUNT, count);
        v.check(group == null || !group.isBlank(), "group", "blank", "a group name, or no group", group);
    }

    /** One guest's demand: what a pick adds to the chosen node's allocation. */
    Demand demand() {
        return new Demand(cpu, memory, disk == null ? 0 : disk);
    }

    int guests() {
        return count == null ? 1 : count;
    }

    Optional<String> inGroup() {
        return Optional.ofNullable(group);
    }

    record Demand(double cpus, long memory, long disk) {
    }
}
