package dev.gantry.server.inventory;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code /api/v1/inventory/crawls} and {@code /api/v1/inventory/purge}: start a crawl now, follow it,
 * drop old snapshots. Reading the inventory itself is the browse module's. Owns the {@link Crawler}
 * and its schedule; closing the module stops them.
 */
public final class CrawlerModule implements ApiModule, AutoCloseable {
    static final String NAME = "crawler";

    private final Crawler crawler;
    private final Clock clock;

    /** Takes over {@code crawler} and starts its schedule. */
    public static CrawlerModule start(Crawler crawler, Clock clock) {
        crawler.startSchedule();
        return new CrawlerModule(crawler, clock);
    }

    private CrawlerModule(Crawler crawler, Clock clock) {
        this.crawler = crawler;
        this.clock = clock;
    }

    /** @param before an ISO-8601 time: snapshots started before it are dropped; not in the future */
    public record PurgeRequest(String before) implements Validated {
        @Override
        public void validate(Violations violations) {
            if (before == null) {
                violations.add("before", "required", "an ISO-8601 time such as 2026-09-01T00:00:00Z", null);
            } else {
                try {
                    Instant.parse(before);
                } catch (DateTimeParseException e) {
                    violations.add("before", "format", "an ISO-8601 time such as 2026-09-01T00:00:00Z", before);
                }
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The inventory crawler: start a crawl now, follow a crawl, purge old snapshots (admin)";
    }

    @Override
    public void register(Routes routes) {
        routes.post("/inventory/crawls").summary("Start a crawl of every cluster now").access(Access.ADMIN)
                .status(202).returns(Snapshots.Crawl.class)
                .description("202 with the new snapshot (status `running`) and its Location; 409 while a crawl runs "
                        + "on any replica. The scheduled crawl runs every `[Inventory] CrawlIntervalSec` besides.")
                .handle(req -> {
                    Crawler.Started started = crawler.start("api")
                            .orElseThrow(() -> ApiException.conflict("a crawl is already running"));
                    Snapshots.Crawl crawl = crawler.find(started.snapshotId()).orElseThrow();
                    return Reply.accepted(req.path() + "/" + started.snapshotId(), crawl);
                });
        routes.get("/inventory/crawls/{id}").summary("Describe a crawl: its status and each cluster's result")
                .access(Access.READ).returns(Snapshots.Crawl.class)
                .description("Per cluster: ok or failed with the error, calls made, and what the snapshot holds "
                        + "(nodes, storages, instances, disks). A failed cluster's last known instances are kept.")
                .handle(req -> {
                    long id = snapshotId(req.param("id"));
                    return crawler.find(id).orElseThrow(() -> ApiException.notFound("no crawl " + id));
                });
        routes.post("/inventory/purge").summary("Drop snapshots started before a time").access(Access.ADMIN)
                .body(PurgeRequest.class).returns(Purge.Result.class)
                .description("Versions still valid in a kept snapshot stay; the newest finished snapshot is always kept. "
                        + "The same purge runs daily for `[Inventory] RetentionDays` (default 90). "
                        + "A time in the future is refused with 422.")
                .handle(req -> {
                    Instant before = Instant.parse(req.body(PurgeRequest.class).before());
                    if (before.isAfter(clock.instant())) {
                        throw ApiException.unprocessable("before " + before + " is in the future; purging would drop "
                                + "snapshots not yet taken");
                    }
                    return crawler.purge(before);
                });
    }

    private static long snapshotId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("id", "format", "a snapshot id: a positive integer", text);
    }

    @Override
    public void close() {
        crawler.close();
    }
}
