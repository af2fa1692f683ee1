-- Each network's address cursor: a sequence network_cursor_<network id without dashes> whose next value
-- v is the candidate address first host + (v mod hosts). nextval is not transactional and takes no lock
-- held to commit, so concurrent instance creates on one network get distinct candidates without
-- waiting for each other; the lease table's primary key still decides (a taken candidate is skipped).
-- Networks made from now on get theirs with the network (NetworkHandler); existing ones here, starting
-- after their highest lease as next fit did.
DO $$
DECLARE
    n record;
BEGIN
    FOR n IN SELECT w.id, coalesce((SELECT max(l.ip) FROM network_leases l WHERE l.network_id = w.id)
                                   - (host(w.cidr)::inet + 1) + 1, 1) AS start
             FROM networks w LOOP
        EXECUTE format('CREATE SEQUENCE %I MINVALUE 0 START %s', 'network_cursor_' || replace(n.id::text, '-', ''),
                       n.start);
    END LOOP;
END
$$;
