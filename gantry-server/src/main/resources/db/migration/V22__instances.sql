CREATE TABLE instances (
    id          uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    network_id  uuid NOT NULL REFERENCES networks (id),
    ip          inet NOT NULL,
    image       text,
    cpu         integer NOT NULL,
    memory      bigint NOT NULL,
    node        text,
    power_state text NOT NULL,
    -- The lease is the guard against duplicates; this restates it where instances are read.
    CONSTRAINT instances_ip_unique UNIQUE (network_id, ip)
);
CREATE INDEX instances_network ON instances (network_id);
