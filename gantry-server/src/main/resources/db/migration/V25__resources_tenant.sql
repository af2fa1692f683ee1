-- A tenant's resources keep it from being deleted (the tenants API answers 409 naming them).
-- Usage records and changes keep the tenant's id without a reference: they are history, kept after
-- the resources (and the tenant) are gone.
ALTER TABLE resources ADD CONSTRAINT resources_tenant FOREIGN KEY (tenant) REFERENCES tenants (id);
