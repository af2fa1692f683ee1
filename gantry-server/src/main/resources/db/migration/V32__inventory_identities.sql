-- gantryId identities: which instance holds which gantryId now. Kept apart from the instance
-- versions so that purging old snapshots never forgets an identity, and so that an unchanged
-- instance costs no write here either (rows change only when an identity is born, moves, is
-- confirmed on the cluster, has its details read, or disappears).
create table inventory_identities (
    gantry_id    uuid primary key,
    cluster      text not null,
    -- the instance within its cluster: its VMID (Proxmox), or node/name (gantry machines)
    instance_key text not null,
    -- the cluster carries this id (Proxmox: a gantry-id= line in the description, read back or written)
    stamped      boolean not null default false,
    -- snapshot whose crawl last read the instance's details (Proxmox: its config); drives the refresh slice
    checked_in   bigint,
    first_seen   bigint not null,
    -- set when a copy carrying another instance's id was given this new one
    cloned_from  uuid,
    -- the snapshot from which the instance is no longer in its cluster (deleted, or moved to an unread cluster)
    gone_in      bigint
);
-- one live identity per instance
create unique index inventory_identities_key on inventory_identities (cluster, instance_key) where gone_in is null;
create index inventory_identities_refresh on inventory_identities (cluster, stamped, checked_in) where gone_in is null;
