package dev.gantry.server.tenants;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;

/** {@code /api/v1/tenants}: the customer organisations; server admins only. */
public final class TenantsModule implements ApiModule {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Tenants tenants;

    public TenantsModule(Tenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public String name() {
        return "tenants";
    }

    @Override
    public String description() {
        return "Tenants: the customer organisations resources belong to (admin only)";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/tenants").summary("List tenants").access(Access.ADMIN)
                .description("In id order; pass the last id seen as `after` for the next page.")
                .query("limit", Integer.class, "most tenants to return, 1 to " + MAX_LIMIT + "; default " + DEFAULT_LIMIT)
                .query("after", String.class, "return tenants whose id sorts after this one")
                .returnsListOf(Tenant.class)
                .handle(req -> tenants.list(req.query("after"), req.intQuery("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT)));
        routes.post("/tenants").summary("Create a tenant").access(Access.ADMIN)
                .description("409 when the id is taken; 400 naming each invalid field, with nothing written.")
                .body(TenantRequests.Create.class).returns(Tenant.class).status(201)
                .handle(req -> {
                    Tenant created = tenants.create(req.body(TenantRequests.Create.class));
                    return Reply.of(201, created).header("Location", req.path() + "/" + created.id());
                });
        routes.get("/tenants/{id}").summary("Describe a tenant").access(Access.ADMIN).returns(Tenant.class)
                .handle(req -> tenants.get(req.param("id")));
        routes.patch("/tenants/{id}").summary("Change a tenant's name, billing reference or quotas").access(Access.ADMIN)
                .description("Fields left out keep their value; `quotas` replaces every quota; an empty `billingReference` removes it.")
                .body(TenantRequests.Update.class).returns(Tenant.class)
                .handle(req -> tenants.update(req.param("id"), req.body(TenantRequests.Update.class)));
        routes.delete("/tenants/{id}").summary("Delete a tenant").access(Access.ADMIN)
                .description("409 while the tenant still owns resources.")
                .handle(req -> {
                    tenants.delete(req.param("id"));
                    return null;
                });
    }
}
