-- Registered clusters and the envelope encryption of their credentials (docs/server/clusters.md).
-- No credential is stored in plain: each cluster's credentials are AES-256-GCM encrypted with a data
-- key of its own, and each data key is stored only wrapped (AES-256-GCM) by the master key, which is
-- never in the database (a key file, or derived from a passphrase with Argon2id).

-- Which master key wraps the data keys: one row, or none before the first start. key_id is an HMAC
-- of a constant under the master key, so a wrong key is told apart from a damaged row at start.
create table master_key (
    singleton  boolean     primary key default true check (singleton),
    key_id     text        not null check (key_id ~ '^[0-9a-f]{16}$'),
    source     text        not null check (source in ('file', 'passphrase')),
    -- Argon2id salt and cost when source = 'passphrase' (null for a key file)
    kdf        jsonb,
    created_at timestamptz not null,
    rotated_at timestamptz,
    check ((source = 'passphrase') = (kdf is not null))
);

-- One data key per secret-holding row; wrapped = IV (12 bytes) || ciphertext || GCM tag, with the
-- key's id and purpose as additional data, so a wrapped key moved to another row does not open.
create table data_keys (
    id         uuid        primary key,
    purpose    text        not null,
    wrapped    bytea       not null check (length(wrapped) = 12 + 32 + 16),
    created_at timestamptz not null
);

create table clusters (
    id               uuid        primary key,
    name             text        not null unique check (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    kind             text        not null check (kind in ('proxmox', 'gantry')),
    -- scheme://host without the port; the port apart, as HyperProxmox keeps them
    url              text        not null,
    port             integer     not null check (port between 1 and 65535),
    insecure         boolean     not null default false,
    -- SHA-256 of the server certificate, upper-case hex in colon-separated pairs
    fingerprint      text        check (fingerprint ~ '^([0-9A-F]{2}:){31}[0-9A-F]{2}$'),
    template         text,
    storage_disk     text,
    exclude_nodes    text[]      not null default '{}',
    groups           text[]      not null default '{}',
    weight           double precision not null check (weight > 0),
    -- what GET shows of the credentials (type, user or token id, agent URLs): never a secret
    credentials_info jsonb       not null,
    -- the whole credentials as JSON, AES-256-GCM under the data key: IV || ciphertext || tag, with
    -- the cluster's id and name as additional data
    credentials      bytea       not null,
    data_key_id      uuid        not null unique references data_keys (id),
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
