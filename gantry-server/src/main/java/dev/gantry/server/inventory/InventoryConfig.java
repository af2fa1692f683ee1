package dev.gantry.server.inventory;

import dev.gantry.common.config.TomlConfig;
import java.time.Duration;

/**
 * {@code [Inventory]}: the crawler's schedule and limits.
 *
 * @param crawlInterval  {@code CrawlIntervalSec}: seconds from the end of one scheduled crawl to the start
 *                       of the next; default 300; 0 disables scheduled crawls (the API still starts them)
 * @param clusterTimeout {@code ClusterTimeoutSec}: the most one cluster's read may take before the crawl
 *                       records it as failed and goes on without it; default 60
 * @param retention      {@code RetentionDays}: snapshots older than this are purged after each crawl;
 *                       default 90; 0 keeps everything
 */
public record InventoryConfig(Duration crawlInterval, Duration clusterTimeout, Duration retention) {
    public static final InventoryConfig DEFAULT = new InventoryConfig(Duration.ofSeconds(300), Duration.ofSeconds(60),
            Duration.ofDays(90));

    /** One HTTP call's limit: the cluster's whole budget, but no more than 30 s, so a hung call cannot spend it all. */
    public Duration callTimeout() {
        Duration max = Duration.ofSeconds(30);
        return clusterTimeout.compareTo(max) < 0 ? clusterTimeout : max;
    }

    public static InventoryConfig read(TomlConfig.Section section) {
        long interval = section.integer("CrawlIntervalSec", DEFAULT.crawlInterval().toSeconds(), 0, 86_400);
        long timeout = section.integer("ClusterTimeoutSec", DEFAULT.clusterTimeout().toSeconds(), 1, 3_600);
        long days = section.integer("RetentionDays", DEFAULT.retention().toDays(), 0, 36_500);
        return new InventoryConfig(Duration.ofSeconds(interval), Duration.ofSeconds(timeout), Duration.ofDays(days));
    }
}
