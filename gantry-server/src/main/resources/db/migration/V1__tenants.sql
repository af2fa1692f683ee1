-- Tenants: one customer organisation each. The id is what every tenant-owned row references.
CREATE TABLE tenants (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{1,63}$'),
    display_name      text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    billing_reference text        NULL,
    -- Quotas per resource type, e.g. {"instances": 10}: the most of that type the tenant may hold.
    quotas            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
