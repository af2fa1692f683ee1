package dev.gantry.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
    private static AuthConfig read(String text) throws ConfigException {
        TomlConfig toml = TomlConfig.parse(text, "server.toml");
        AuthConfig config = AuthConfig.read(toml.section("Auth"));
        toml.finish();
        return config;
    }

    private static ConfigException refused(String text) {
        return catchThrowableOfType(ConfigException.class, () -> read(text));
    }

    @Test
    void withoutAnAuthSectionOnlyLocalTokensAreAccepted() throws Exception {
        assertThat(read("")).isEqualTo(AuthConfig.LOCAL_TOKENS_ONLY);
        assertThat(AuthConfig.LOCAL_TOKENS_ONLY.issuer()).isEmpty();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        AuthConfig config = read("""
                [Auth]
                Issuer = "https://sso.example.com/realms/gantry"
                Audience = "gantry-api"
                TenantClaim = "org"
                ScopeClaim = "scp"
                ClockSkewSeconds = 5
                JwksCacheSeconds = 600
                """);
        assertThat(config).isEqualTo(new AuthConfig(Optional.of(URI.create("https://sso.example.com/realms/gantry")),
                "gantry-api", "org", "scp", Duration.ofSeconds(5), Duration.ofMinutes(10)));
    }

    @Test
    void anIssuerNeedsAnAudience() {
        assertThat(refused("[Auth]\nIssuer = \"https://sso.example.com\"\n").problems())
                .containsExactly("server.toml: [Auth] Audience = \"\": a value the aud claim must contain; required with Issuer");
    }

    @Test
    void plainHttpIsOnlyForALoopbackIssuer() throws Exception {
        assertThat(refused("[Auth]\nIssuer = \"http://sso.example.com\"\nAudience = \"a\"\n").problems())
                .singleElement().asString()
                .endsWith("[Auth] Issuer = \"http://sso.example.com\": an https URL (http only on localhost), without query or fragment");
        assertThat(read("[Auth]\nIssuer = \"http://127.0.0.1:8081/realm\"\nAudience = \"a\"\n").issuer())
                .contains(URI.create("http://127.0.0.1:8081/realm"));
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        ConfigException e = refused("""
                [Auth]
                Issuer = "not a url"
                TenantClaim = ""
                ClockSkewSeconds = 3600
                Audiense = "typo"
                """);
        assertThat(e.problems()).hasSize(4).anySatisfy(p -> assertThat(p).contains("Issuer"))
                .anySatisfy(p -> assertThat(p).contains("TenantClaim"))
                .anySatisfy(p -> assertThat(p).contains("ClockSkewSeconds"))
                .anySatisfy(p -> assertThat(p).contains("Audiense"));
    }
}
