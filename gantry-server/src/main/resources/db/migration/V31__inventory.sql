-- The fleet inventory: one snapshot per crawl.
-- Small, volatile things (clusters, nodes, storages) are stored whole in every snapshot.
-- Instances and disks -- the many rows -- are stored as versions valid over a range of snapshots:
-- a row holds from snapshot valid_from up to, not including, valid_to (null: still current).
-- An unchanged guest costs nothing per crawl; a changed one closes its row and opens a new one.
-- "As of snapshot S": valid_from <= S and (valid_to is null or valid_to > S).

create table inventory_snapshots (
    id          bigint generated always as identity primary key,
    started_at  timestamptz not null,
    finished_at timestamptz,
    status      text not null check (status in ('running', 'ok', 'partial', 'failed')),
    trigger     text not null check (trigger in ('schedule', 'api')),
    replica     text not null
);
create index inventory_snapshots_started on inventory_snapshots (started_at);

-- One row per cluster per snapshot; a failed cluster keeps its last known instances and disks
-- (their rows stay open) and its row here says why it is stale.
create table inventory_cluster_crawls (
    snapshot_id bigint not null references inventory_snapshots (id) on delete cascade,
    cluster     text not null,
    kind        text not null check (kind in ('proxmox', 'gantry')),
    status      text not null check (status in ('ok', 'failed')),
    error       text,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    calls       integer not null default 0,
    version     text,
    quorate     boolean,
    primary key (snapshot_id, cluster)
);

create table inventory_nodes (
    snapshot_id      bigint not null references inventory_snapshots (id) on delete cascade,
    cluster          text not null,
    node             text not null,
    status           text not null,
    cpus             integer not null,
    cpu_usage        double precision not null,
    memory_total     bigint not null,
    memory_used      bigint not null,
    disk_total       bigint not null,
    disk_used        bigint not null,
    load             double precision[] not null default '{}',
    uptime           bigint not null,
    -- HyperProxmox's allocation sums over the node's guests (templates excluded)
    allocated_cpus   double precision not null,
    allocated_memory bigint not null,
    allocated_disk   bigint not null,
    instance_count   integer not null,
    primary key (snapshot_id, cluster, node)
);

create table inventory_storages (
    snapshot_id bigint not null references inventory_snapshots (id) on delete cascade,
    cluster     text not null,
    node        text not null,
    storage     text not null,
    type        text not null,
    content     text[] not null default '{}',
    shared      boolean not null,
    active      boolean not null,
    total       bigint not null,
    used        bigint not null,
    available   bigint not null,
    primary key (snapshot_id, cluster, node, storage)
);

-- valid_from/valid_to carry no foreign key: purge moves valid_from forward to the oldest kept snapshot.
create table inventory_instances (
    row_id     bigint generated always as identity primary key,
    gantry_id  uuid not null,
    cluster    text not null,
    node       text not null,
    vmid       integer,
    type       text not null check (type in ('qemu', 'lxc', 'machine')),
    name       text not null,
    status     text not null,
    template   boolean not null,
    cpus       double precision not null,
    memory     bigint not null,
    disk       bigint not null,
    macs       text[] not null default '{}',
    -- uptime is derived (snapshot start - booted_at), so a running guest's row does not change every crawl
    booted_at  timestamptz,
    valid_from bigint not null,
    valid_to   bigint
);
create index inventory_instances_current on inventory_instances (cluster) where valid_to is null;
create index inventory_instances_from on inventory_instances (valid_from);
create index inventory_instances_to on inventory_instances (valid_to);
create index inventory_instances_gantry on inventory_instances (gantry_id, valid_from);

create table inventory_disks (
    row_id     bigint generated always as identity primary key,
    cluster    text not null,
    node       text not null,
    storage    text not null,
    volid      text not null,
    format     text not null,
    size       bigint not null,
    vmid       integer,
    created    timestamptz,
    valid_from bigint not null,
    valid_to   bigint
);
create index inventory_disks_current on inventory_disks (cluster) where valid_to is null;
create index inventory_disks_from on inventory_disks (valid_from);
create index inventory_disks_to on inventory_disks (valid_to);
