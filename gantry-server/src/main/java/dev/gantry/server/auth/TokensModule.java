package dev.gantry.server.auth;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/tokens}: local API tokens for automation, admin only ({@code gantry admin token}).
 * A token is returned once, by the POST that creates it.
 */
public final class TokensModule implements ApiModule {
    public static final String NAME = "tokens";

    private final ApiTokens tokens;
    private final Clock clock;

    public TokensModule(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * @param tenant    the tenant the token acts in; absent for a token of no tenant
     * @param scopes    admin, or TYPE:read / TYPE:write
     * @param expiresIn ISO-8601 duration such as P90D or PT12H; absent: never expires
     */
    public record CreateToken(String name, String tenant, List<String> scopes, String expiresIn) implements Validated {
        @Override
        public void validate(Violations v) {
            toNewToken(Instant.EPOCH).validate(v);
            v.check(expiresIn == null || lifetime(expiresIn).isPresent(), "expiresIn", "duration",
                    "a positive ISO-8601 duration such as P90D or PT12H", expiresIn);
        }

        NewToken toNewToken(Instant now) {
            return new NewToken(name, Optional.ofNullable(tenant), scopes,
                    Optional.ofNullable(expiresIn).flatMap(CreateToken::lifetime).map(now::plus));
        }

        private static Optional<Duration> lifetime(String text) {
            try {
                Duration d = Duration.parse(text);
                return d.isPositive() ? Optional.of(d) : Optional.empty();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** A token as listed: never its value. */
    public record TokenView(String id, String name, String tenant, List<String> scopes, Instant createdAt,
                            Instant expiresAt) {
        static TokenView of(ApiTokens.TokenInfo t) {
            return new TokenView(t.id(), t.name(), t.tenant().orElse(null), t.scopes(), t.createdAt(),
                    t.expiresAt().orElse(null));
        }
    }

    /** The created token: {@code token} is shown this once. */
    public record CreatedToken(String id, String name, String tenant, List<String> scopes, Instant createdAt,
                               Instant expiresAt, String token) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Local API tokens for automation (admin only)";
    }

    @Override
    public void register(Routes routes) {
        routes.post("/tokens").summary("Create an API token").access(Access.ADMIN)
                .description("The token is returned once, in `token`, and stored only as a SHA-256 hash. "
                        + "Scopes: `admin`, or `TYPE:read` / `TYPE:write` (e.g. `instances:write`).")
                .body(CreateToken.class).returns(CreatedToken.class).status(201)
                .handle(this::create);
        routes.get("/tokens").summary("List API tokens (never their values)").access(Access.ADMIN)
                .returnsListOf(TokenView.class)
                .handle(req -> tokens.list().stream().map(TokenView::of).toList());
        routes.delete("/tokens/{id}").summary("Revoke an API token, by id or name, at once").access(Access.ADMIN)
                .handle(req -> {
                    if (!tokens.revoke(req.param("id"))) {
                        throw ApiException.notFound("no API token " + req.param("id"));
                    }
                    return null;
                });
    }

    private CreatedToken create(ApiRequest request) {
        CreateToken body = request.body(CreateToken.class);
        ApiTokens.Created created = tokens.create(body.toNewToken(clock.instant()));
        ApiTokens.TokenInfo t = created.info();
        return new CreatedToken(t.id(), t.name(), t.tenant().orElse(null), t.scopes(), t.createdAt(),
                t.expiresAt().orElse(null), created.token());
    }
}
