package dev.gantry.agent.tokens;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** {@code /api/v1/tokens}: API tokens for TCP callers. Every route needs admin rights. */
public final class TokensModule implements ApiModule {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final TokenStore store;
    private final Clock clock;
    private final Supplier<Set<String>> moduleNames;

    public TokensModule(TokenStore store, Clock clock, Supplier<Set<String>> moduleNames) {
        this.store = store;
        this.clock = clock;
        this.moduleNames = moduleNames;
    }

    /** Body of {@code POST /tokens}. */
    public record CreateToken(String name, List<String> scopes, String expiresIn) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(name != null && NAME.matcher(name).matches(), "name", "pattern",
                    "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", name);
            v.check(scopes != null && !scopes.isEmpty(), "scopes", "required", "name at least one scope", scopes);
            v.check(expiresIn == null || Lifetime.parse(expiresIn).isPresent(), "expiresIn", "duration",
                    "a lifetime such as 90d, 12h, 30m or P30D", expiresIn);
        }
    }

    /** A created token: {@code token} is shown this once. */
    public record CreatedToken(String id, String name, List<String> scopes, Instant expiresAt, String token) {
    }

    /** A token as listed: never its value. */
    public record TokenInfo(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
                            boolean expired) {
    }

    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public String description() {
        return "API tokens for callers on TCP listeners";
    }

    @Override
    public void register(Routes routes) {
        routes.post("/tokens").summary("Create an API token").access(Access.ADMIN)
                .description("The token is returned once and stored only as a hash. Scopes: `*`, `*:read`, "
                        + "or `<module>:read` / `<module>:write` for a module of this agent.")
                .body(CreateToken.class).returns(CreatedToken.class).status(201)
                .handle(req -> create(req.body(CreateToken.class)));
        routes.get("/tokens").summary("List API tokens").access(Access.ADMIN).returnsListOf(TokenInfo.class)
                .handle(req -> list());
        routes.delete("/tokens/{id}").summary("Revoke an API token").access(Access.ADMIN)
                .handle(req -> {
                    if (!store.revoke(req.param("id"))) {
                        throw ApiException.notFound("no token " + req.param("id"));
                    }
                    return null;
                });
    }

    CreatedToken create(CreateToken body) {
        Violations v = new Violations();
        Set<String> modules = moduleNames.get();
        for (int i = 0; i < body.scopes().size(); i++) {
            String scope = body.scopes().get(i);
            v.check(validScope(scope, modules), "scopes[" + i + "]", "scope",
                    "expected *, *:read, or <module>:read|write with a module among " + String.join(", ",
                            modules.stream().sorted().toList()), scope);
        }
        v.throwIfAny();
        if (store.list().stream().anyMatch(t -> t.name().equals(body.name()))) {
            throw ApiException.conflict("a token named " + body.name() + " exists; revoke it first");
        }
        Optional<Instant> expires = Optional.ofNullable(body.expiresIn())
                .flatMap(Lifetime::parse).map(d -> clock.instant().plus(d));
        TokenStore.Created created = store.create(body.name(), List.copyOf(body.scopes()), expires);
        return new CreatedToken(created.stored().id(), created.stored().name(), created.stored().scopes(),
                created.stored().expiresAt(), created.token());
    }

    private static boolean validScope(String scope, Set<String> modules) {
        if (scope == null) {
            return false;
        }
        if (scope.equals(Caller.ALL) || scope.equals(Caller.ALL_READ)) {
            return true;
        }
        int colon = scope.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String access = scope.substring(colon + 1);
        return modules.contains(scope.substring(0, colon)) && (access.equals("read") || access.equals("write"));
    }

    List<TokenInfo> list() {
        Instant now = clock.instant();
        return store.list().stream().map(t -> new TokenInfo(t.id(), t.name(), t.scopes(), t.createdAt(),
                t.expiresAt(), t.expiresAt() != null && !now.isBefore(t.expiresAt()))).toList();
    }
}
