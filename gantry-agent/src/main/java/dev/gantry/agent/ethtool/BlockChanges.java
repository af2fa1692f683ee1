package dev.gantry.agent.ethtool;

import dev.gantry.agent.backend.netlink.EthtoolBlock;
import dev.gantry.common.http.Violations;
import dev.gantry.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The given fields of a parameter-block change body (channels, rings, coalesce, pause) by parameter
 * name, and their checks: at least one field, numbers within the attribute's width. Whether the
 * driver takes a value (above its maximum, say) is the kernel's to answer.
 */
final class BlockChanges {
    private BlockChanges() {
    }

    /** The body's non-null fields, named as the block's parameters. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> values(Object body) {
        return Json.mapper().convertValue(body, LinkedHashMap.class);
    }

    static void check(Object body, EthtoolBlock block, Violations v) {
        Map<String, Object> values = values(body);
        v.check(!values.isEmpty(), "$", "empty", "give at least one of the " + block.label() + " parameters", null);
        values.forEach((name, value) -> block.param(name).ifPresent(p -> {
            if (value instanceof Number n) {
                long max = p.kind() == EthtoolBlock.Kind.U8 ? 0xff : 0xffffffffL;
                v.check(n.longValue() >= 0 && n.longValue() <= max, name, "range", "from 0 to " + max, n);
            }
        }));
    }
}
