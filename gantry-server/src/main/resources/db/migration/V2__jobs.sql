-- Jobs: long operations (a resource's create, update, remove) run by workers of any replica. A worker
-- claims a job with FOR UPDATE SKIP LOCKED and holds it by a lease it renews; a job whose lease ran
-- out is claimed again (attempts counts claims) until max_attempts, then failed.
CREATE TABLE jobs (
    id               uuid        PRIMARY KEY,
    -- No foreign key: a job's record outlives its tenant, and must not keep the tenant from deletion.
    tenant           text        NULL,
    kind             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    resource_type    text        NULL,
    resource_id      uuid        NULL,
    input            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state            text        NOT NULL DEFAULT 'queued'
                                 CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    steps            jsonb       NOT NULL DEFAULT '[]'::jsonb,
    progress         integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    message          text        NULL,
    result           jsonb       NULL,
    error            text        NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL CHECK (max_attempts >= 1),
    worker           text        NULL,
    lease_expires_at timestamptz NULL,
    created_by       text        NULL,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz NULL,
    finished_at      timestamptz NULL,
    updated_at       timestamptz NOT NULL
);

-- What workers scan: only unfinished jobs, oldest first.
CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_by_tenant ON jobs (tenant, created_at DESC, id);
CREATE INDEX jobs_by_resource ON jobs (resource_id) WHERE resource_id IS NOT NULL;
