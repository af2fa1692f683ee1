package dev.gantry.server.inventory;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one-crawl-at-a-time lock shared by every replica: a PostgreSQL session advisory lock, held on
 * its own connection for the whole crawl. A replica that dies loses its connection, and with it the
 * lock, so no crawl is blocked by a crashed one.
 */
final class CrawlLock implements AutoCloseable {
    /** An arbitrary constant naming the lock; only gantry-server uses advisory locks on its database. */
    static final long KEY = 0x67616e7472790001L;

    private final Handle handle;

    private CrawlLock(Handle handle) {
        this.handle = handle;
    }

    /** The lock, or empty when another crawl (on any replica) holds it. */
    static Optional<CrawlLock> tryAcquire(Jdbi jdbi) {
        Handle h = jdbi.open();
        try {
            boolean got = h.createQuery("select pg_try_advisory_lock(:key)").bind("key", KEY).mapTo(Boolean.class).one();
            if (got) {
                return Optional.of(new CrawlLock(h));
            }
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        h.close();
        return Optional.empty();
    }

    /** The connection holding the lock, for the crawl's own statements. */
    Handle handle() {
        return handle;
    }

    @Override
    public void close() {
        try {
            handle.createQuery("select pg_advisory_unlock(:key)").bind("key", KEY).mapTo(Boolean.class).one();
        } finally {
            handle.close();
        }
    }
}
