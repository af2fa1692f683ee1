CREATE TABLE networks (
    id      uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    cidr    cidr NOT NULL,
    gateway inet NOT NULL,
    dns     inet[] NOT NULL DEFAULT '{}'
);

-- Static leases (auto = false, from the network's spec) and the leases instances take (auto = true).
-- The primary key is what keeps two instances off one address, also under concurrent creates.
CREATE TABLE network_leases (
    network_id  uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    ip          inet NOT NULL,
    mac         macaddr,
    instance_id uuid REFERENCES resources (id) ON DELETE SET NULL,
    auto        boolean NOT NULL,
    PRIMARY KEY (network_id, ip)
);
CREATE INDEX network_leases_instance ON network_leases (instance_id);
