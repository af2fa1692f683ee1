-- A change takes its place in the feed at commit, not when it is written. Until V25 a writer took one
-- advisory lock from appending its change to its commit, so sequence order was commit order; but that
-- held the lock across the writer's round trips (its COMMIT at least), serialising every writer on the
-- client's latency. Now the change is written with a provisional seq and this deferred trigger, run by
-- PostgreSQL inside COMMIT, takes the same lock (key 0x67616e7472794c, so replicas of the earlier
-- version interoperate) and renumbers the row from the sequence: the lock is held from here to the end
-- of the commit, inside the database, and a reader that saw seq n has still seen every change below n.
CREATE FUNCTION resource_changes_number_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(29099049629153612);
    UPDATE resource_changes SET seq = nextval(pg_get_serial_sequence('resource_changes', 'seq')) WHERE seq = NEW.seq;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER resource_changes_in_commit_order AFTER INSERT ON resource_changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION resource_changes_number_at_commit();
