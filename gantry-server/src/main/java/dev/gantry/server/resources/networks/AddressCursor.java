package dev.gantry.server.resources.networks;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * A network's address cursor: a PostgreSQL sequence whose next value {@code v} names the candidate
 * address {@code first host + (v mod hosts)} (migration V36). A sequence because {@code nextval} is
 * not transactional: concurrent creates on one network draw distinct candidates at once instead of
 * queueing on a row lock held to their commits. It wraps around by the modulo, so released addresses
 * come round again once the top of the range is used up.
 */
public final class AddressCursor {
    private AddressCursor() {
    }

    /** The sequence's name; a UUID's hex digits, so it needs no quoting. */
    public static String name(UUID network) {
        return "network_cursor_" + network.toString().replace("-", "");
    }

    /** In the network's create transaction: the first draw is the second host, after the default gateway. */
    static void create(Handle h, UUID network) {
        h.execute("CREATE SEQUENCE " + name(network) + " MINVALUE 0 START 1");
    }

    /** In the network's delete transaction. */
    static void drop(Handle h, UUID network) {
        h.execute("DROP SEQUENCE IF EXISTS " + name(network));
    }
}
