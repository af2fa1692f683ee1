package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ApiErrorTest {
    @Test
    void aProblemWithoutFieldErrorsIsItsTitleAndDetail() throws IOException {
        var problem = Json.parse("{\"title\":\"Not found\",\"status\":404,\"detail\":\"no job x\"}");

        assertThat(ApiError.describe(problem)).containsExactly("Not found: no job x");
    }

    @Test
    void aDetailThatOnlyRepeatsTheOneFieldErrorIsLeftOut() throws IOException {
        var problem = Json.parse("""
                {"title":"Invalid request","detail":"seconds: from 0 to 3600",
                 "errors":[{"field":"seconds","code":"range","message":"from 0 to 3600","rejected":7200}]}""");

        assertThat(ApiError.describe(problem)).containsExactly("Invalid request", "seconds: from 0 to 3600 (got 7200)");
    }

    @Test
    void aFieldErrorWithoutRejectedValueOrMessageStillSaysWhichField() throws IOException {
        var problem = Json.parse("""
                {"title":"Invalid request","detail":"2 fields are invalid",
                 "errors":[{"field":"name","code":"required"},{"field":"scopes","code":"required","message":"name one"}]}""");

        assertThat(ApiError.describe(problem))
                .containsExactly("Invalid request: 2 fields are invalid", "name: required", "scopes: name one");
    }
}
