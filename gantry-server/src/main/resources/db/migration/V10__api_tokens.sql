-- Local API tokens for automation (dev.gantry.server.auth.ApiTokens). Only a SHA-256 of each token's
-- secret is kept; the token itself is shown once, when it is created.
CREATE TABLE api_tokens (
    id            text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
    name          text        NOT NULL UNIQUE,
    -- Null: the token belongs to no tenant (an operator's token with scope admin, or global reads).
    tenant        text,
    scopes        text[]      NOT NULL CHECK (cardinality(scopes) > 0),
    secret_sha256 bytea       NOT NULL CHECK (length(secret_sha256) = 32),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant);
