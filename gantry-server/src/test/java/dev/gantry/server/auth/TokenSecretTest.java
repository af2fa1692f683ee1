package dev.gantry.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretTest {
    @Test
    void everyMintedTokenParsesBackEvenWhenItsSecretHoldsUnderscores() {
        Set<String> ids = new HashSet<>();
        boolean sawUnderscore = false;
        for (int i = 0; i < 2000; i++) {
            TokenSecret minted = TokenSecret.mint();
            sawUnderscore |= minted.secret().contains("_");
            assertThat(TokenSecret.parse(minted.token())).contains(minted);
            assertThat(minted.matches(minted.sha256())).isTrue();
            ids.add(minted.id());
        }
        assertThat(sawUnderscore).isTrue();
        assertThat(ids).hasSize(2000);
    }

    @Test
    void anythingElseIsNotALocalToken() {
        String good = TokenSecret.mint().token();
        assertThat(TokenSecret.parse(good + "x")).isEmpty();
        assertThat(TokenSecret.parse(good.replace("gantrysrv_", "gantry_"))).isEmpty();
        assertThat(TokenSecret.parse(good.substring(0, 21).toUpperCase() + good.substring(21))).isEmpty();
        assertThat(TokenSecret.mint().toString()).doesNotContain("_").startsWith("TokenSecret[");
    }
}
