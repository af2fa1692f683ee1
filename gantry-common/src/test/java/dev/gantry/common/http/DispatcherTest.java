package dev.gantry.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    record Thing(String name, int size) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(name != null && !name.isBlank(), "name", "required", "must not be empty", name);
            v.check(size > 0, "size", "range", "must be positive", size);
        }
    }

    private final ApiModule things = new ApiModule() {
        @Override
        public String name() {
            return "things";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public void register(Routes routes) {
            routes.get("/things/{name}").returns(Thing.class).handle(r -> new Thing(r.param("name"), 1));
            routes.post("/things").body(Thing.class).returns(Thing.class).handle(r -> r.body(Thing.class));
            routes.delete("/things/{name}").handle(r -> null);
            routes.get("/boom").handle(r -> {
                throw new IllegalStateException("secret internals");
            });
        }
    };

    private final Dispatcher dispatcher = new Dispatcher(new Routes("/api/v1").add(things).all());
    private final Authenticator admin = Authenticator.none();

    private RawResponse call(String method, String path, String body, String contentType, Authenticator auth) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        int q = path.indexOf('?');
        return dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1), headers::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), auth);
    }

    private static JsonNode json(RawResponse r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void aMatchedGetAnswersItsEntityAsJson() throws Exception {
        RawResponse r = call("GET", "/api/v1/things/box", null, null, admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        assertThat(json(r).toString()).isEqualTo("{\"name\":\"box\",\"size\":1}");
    }

    @Test
    void anUnknownPathIsA404Problem() throws Exception {
        RawResponse r = call("GET", "/api/v1/nothing", null, null, admin);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(r).get("type").asText()).isEqualTo("https://gantry.dev/problems/not-found");
        assertThat(json(r).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aKnownPathWithTheWrongMethodIsA405WithAllow() {
        RawResponse r = call("PUT", "/api/v1/things/box", null, null, admin);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "GET, DELETE");
    }

    @Test
    void aBodyThatIsNotJsonIsA415() {
        assertThat(call("POST", "/api/v1/things", "name=x", "application/x-www-form-urlencoded", admin).status())
                .isEqualTo(415);
    }

    @Test
    void aGetWithABodyIsA400() {
        assertThat(call("GET", "/api/v1/things/box", "{}", "application/json", admin).status()).isEqualTo(400);
    }

    @Test
    void everyInvalidFieldIsNamedInOne400() throws Exception {
        RawResponse r = call("POST", "/api/v1/things", "{\"name\":\"\",\"size\":0}", "application/json", admin);
        assertThat(r.status()).isEqualTo(400);
        JsonNode errors = json(r).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("name");
        assertThat(errors.get(1).get("field").asText()).isEqualTo("size");
        assertThat(errors.get(1).get("rejected").asInt()).isZero();
    }

    @Test
    void aWronglyTypedFieldIsNamed() throws Exception {
        RawResponse r = call("POST", "/api/v1/things", "{\"name\":\"a\",\"size\":\"big\"}", "application/json", admin);
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("size");
        assertThat(json(r).get("errors").get(0).get("message").asText()).isEqualTo("expected a number");
    }

    @Test
    void malformedJsonIsA400() {
        assertThat(call("POST", "/api/v1/things", "{\"name\":", "application/json", admin).status()).isEqualTo(400);
    }

    @Test
    void aValidPostAnswersTheRouteStatus() {
        assertThat(call("POST", "/api/v1/things", "{\"name\":\"a\",\"size\":2}", "application/json", admin).status())
                .isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/things/a", null, null, admin).status()).isEqualTo(204);
    }

    @Test
    void aFailingHandlerIsA500WithoutInternals() throws Exception {
        RawResponse r = call("GET", "/api/v1/boom", null, null, admin);
        assertThat(r.status()).isEqualTo(500);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("secret internals")
                .doesNotContain("IllegalStateException").contains("request " + r.headers().get("X-Request-Id"));
    }

    @Test
    void aReaderMayGetButNotDelete() {
        Authenticator reader = c -> new Caller("r", Caller.Kind.TOKEN, Set.of("things:read"));
        assertThat(call("GET", "/api/v1/things/a", null, null, reader).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/things/a", null, null, reader).status()).isEqualTo(403);
    }

    @Test
    void aScopeForAnotherModuleGrantsNothingHere() {
        Authenticator other = c -> new Caller("o", Caller.Kind.TOKEN, Set.of("jobs:write"));
        assertThat(call("GET", "/api/v1/things/a", null, null, other).status()).isEqualTo(403);
    }

    @Test
    void anAnonymousCallerGetsItsPublicRoutesAnd401Elsewhere() {
        Authenticator anonymous = c -> Caller.anonymous(Set.of("things:read"));
        assertThat(call("GET", "/api/v1/things/a", null, null, anonymous).status()).isEqualTo(200);
        RawResponse r = call("DELETE", "/api/v1/things/a", null, null, anonymous);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers()).containsKey("WWW-Authenticate");
    }

    @Test
    void aCallerCarriesItsTenant() {
        Caller c = new Caller("alice", Caller.Kind.TOKEN, Set.of("things:read"), java.util.Optional.of("acme"));
        assertThat(c.tenant()).contains("acme");
        assertThat(new Caller("root", Caller.Kind.UNIX_PEER, Set.of(Caller.ALL)).tenant()).isEmpty();
    }

    @Test
    void anAuthenticationFailureComesBeforeRouting() {
        Authenticator refuse = c -> {
            throw ApiException.unauthorized("no");
        };
        RawResponse r = call("GET", "/api/v1/nothing", null, null, refuse);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers()).containsKey("WWW-Authenticate");
    }

    @Test
    void aTokenWithoutTheScopeIsToldWhichScopeTheRouteNeeds() throws Exception {
        Authenticator reader = c -> new Caller("r", Caller.Kind.TOKEN, Set.of("things:read"));
        RawResponse r = call("DELETE", "/api/v1/things/a", null, null, reader);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers()).containsEntry("WWW-Authenticate",
                "Bearer realm=\"gantry\", error=\"insufficient_scope\", scope=\"things:write\"");
        assertThat(json(r).get("detail").asText()).isEqualTo("r may not change things");
    }

    @Test
    void aUnixPeerRefusedIsAPlain403WithoutABearerChallenge() {
        Authenticator peer = c -> new Caller("bob", Caller.Kind.UNIX_PEER, Set.of("*:read"));
        RawResponse r = call("DELETE", "/api/v1/things/a", null, null, peer);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers()).doesNotContainKey("WWW-Authenticate");
    }

    @Test
    void percentEncodedSegmentsAreDecodedForParameters() throws Exception {
        RawResponse r = call("GET", "/api/v1/things/a%20b+c", null, null, admin);
        assertThat(json(r).get("name").asText()).isEqualTo("a b+c");
    }

    @Test
    void aRouteRegisteredTwiceIsRefusedAtStart() {
        Routes routes = new Routes("/x");
        routes.get("/a").handle(r -> null);
        routes.get("/a").handle(r -> null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Dispatcher(routes.all()))
                .hasMessageContaining("GET /x/a");
    }

    @Test
    void logTextEscapesControlCharacters() {
        assertThat(Dispatcher.escape("a\nb\u001b")).isEqualTo("a\\x0ab\\x1b");
        assertThat(List.of(Dispatcher.query("a=1&a=2&b").get("a"))).containsExactly(List.of("1", "2"));
    }

    @Test
    void theObserverSeesTheRouteTemplateNotThePathAndUnmatchedRequestsAsOneLabel() {
        List<String> seen = new java.util.ArrayList<>();
        Dispatcher observed = new Dispatcher(new Routes("/api/v1").add(things).all(),
                (method, route, status, nanos) -> seen.add(method + " " + route + " " + status + " " + (nanos >= 0)));
        Authenticator refuse = c -> {
            throw ApiException.unauthorized("no");
        };
        observed.dispatch(new RawRequest("GET", "/api/v1/things/box", null, h -> null, new byte[0],
                new Credentials(Optional.empty(), Optional.empty())), admin);
        observed.dispatch(new RawRequest("GET", "/api/v1/boom", null, h -> null, new byte[0],
                new Credentials(Optional.empty(), Optional.empty())), admin);
        observed.dispatch(new RawRequest("GET", "/api/v1/nothing/at/all", null, h -> null, new byte[0],
                new Credentials(Optional.empty(), Optional.empty())), admin);
        observed.dispatch(new RawRequest("PUT", "/api/v1/things/box", null, h -> null, new byte[0],
                new Credentials(Optional.empty(), Optional.empty())), admin);
        observed.dispatch(new RawRequest("GET", "/api/v1/things/box", null, h -> null, new byte[0],
                new Credentials(Optional.empty(), Optional.empty())), refuse);
        assertThat(seen).containsExactly(
                "GET /api/v1/things/{name} 200 true",
                "GET /api/v1/boom 500 true",
                "GET unmatched 404 true",
                "PUT unmatched 405 true",
                "GET unmatched 401 true");
    }
}
