CREATE TABLE disks (
    id          uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    size        bigint NOT NULL,
    instance_id uuid REFERENCES instances (id)
);
CREATE INDEX disks_instance ON disks (instance_id);

CREATE TABLE snapshots (
    id      uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    disk_id uuid NOT NULL REFERENCES disks (id),
    size    bigint NOT NULL
);
CREATE INDEX snapshots_disk ON snapshots (disk_id);
