package dev.gantry.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
    private static Caller of(String tenant, String... scopes) {
        return new Caller("c", Caller.Kind.TOKEN, Set.of(scopes), Optional.ofNullable(tenant));
    }

    @Test
    void aTenantCallerActsInItsOwnTenantOnly() {
        Caller caller = of("acme", "instances:write");
        assertThat(caller.mayActIn("acme")).isTrue();
        assertThat(caller.mayActIn("globex")).isFalse();
        assertThat(caller.allows("instances", Access.READ)).isTrue();
        assertThat(caller.allows("instances", Access.ADMIN)).isFalse();
        assertThat(caller.allows("networks", Access.READ)).isFalse();
    }

    @Test
    void theAdminScopeAllowsEveryModuleInEveryTenant() {
        Caller admin = of(null, "admin");
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.allows("tenants", Access.ADMIN)).isTrue();
        assertThat(admin.allows("instances", Access.WRITE)).isTrue();
        assertThat(admin.mayActIn("acme")).isTrue();
    }

    @Test
    void aCallerWithoutATenantActsInNoneUnlessAdmin() {
        Caller agentToken = new Caller("t", Caller.Kind.TOKEN, Set.of("jobs:read"));
        assertThat(agentToken.tenant()).isEmpty();
        assertThat(agentToken.mayActIn("acme")).isFalse();
    }

    @Test
    void publicRoutesAreOpenToTheAnonymousCallerAndNothingElseIs() {
        assertThat(Caller.anonymous().allows("health", Access.PUBLIC)).isTrue();
        assertThat(Caller.anonymous().allows("health", Access.READ)).isFalse();
    }

    @Test
    void theScopeARouteNeedsIsNamedAsATokenCarriesIt() {
        assertThat(Caller.scopeFor("jobs", Access.READ)).isEqualTo("jobs:read");
        assertThat(Caller.scopeFor("jobs", Access.WRITE)).isEqualTo("jobs:write");
        assertThat(Caller.scopeFor("tenants", Access.ADMIN)).isEqualTo("admin");
    }
}
