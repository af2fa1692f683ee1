package dev.gantry.common.http;

import java.util.Map;
import java.util.Optional;

/** What the dispatcher answers: a status, headers, and either bytes or a stream to run. */
public record RawResponse(int status, Map<String, String> headers, byte[] body, Optional<Reply.Stream> stream) {
    public RawResponse {
        headers = Map.copyOf(headers);
    }
}
