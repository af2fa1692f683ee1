-- The core of every resource. tenant is NULL for global resources (images); names are unique per
-- tenant and type, globals included (NULLS NOT DISTINCT, PostgreSQL 15 or later).
-- Names compare bytewise (COLLATE "C") so the name index serves both ordering and prefix filters.
CREATE TABLE resources (
    id       uuid PRIMARY KEY,
    type     text NOT NULL,
    tenant   text,
    name     text COLLATE "C" NOT NULL,
    tags     jsonb NOT NULL DEFAULT '{}',
    state    text NOT NULL CHECK (state IN ('pending', 'creating', 'ready', 'updating', 'deleting', 'error')),
    created  timestamptz NOT NULL,
    updated  timestamptz NOT NULL,
    version  bigint NOT NULL,
    CONSTRAINT resources_name_unique UNIQUE NULLS NOT DISTINCT (tenant, type, name)
);
CREATE INDEX resources_tags ON resources USING gin (tags jsonb_path_ops);
CREATE INDEX resources_state ON resources (tenant, type, state, name);

-- Every write to a resource, in commit order (writers take one advisory lock before appending, so a
-- reader that saw seq n has seen every change below n). Watchers in any replica poll this table.
CREATE TABLE resource_changes (
    seq         bigserial PRIMARY KEY,
    tenant      text,
    type        text NOT NULL,
    resource_id uuid NOT NULL,
    action      text NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    resource    jsonb NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX resource_changes_feed ON resource_changes (tenant, type, seq);

-- One row per state change of a resource ('deleted' when it is gone): what metering prices.
CREATE TABLE usage_records (
    seq         bigserial PRIMARY KEY,
    tenant      text,
    type        text NOT NULL,
    resource_id uuid NOT NULL,
    name        text NOT NULL,
    state       text NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX usage_records_tenant ON usage_records (tenant, resource_id, at);

-- What the local no-op provider was asked to do (it does nothing else).
CREATE TABLE provider_calls (
    seq         bigserial PRIMARY KEY,
    call        text NOT NULL,
    type        text NOT NULL,
    resource_id uuid NOT NULL,
    spec        jsonb,
    at          timestamptz NOT NULL
);
