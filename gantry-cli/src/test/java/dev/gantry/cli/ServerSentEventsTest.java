package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
    private static ServerSentEvents stream(String text) {
        return new ServerSentEvents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void messagesEndAtBlankLinesAndCommentsAreSkipped() throws IOException {
        ServerSentEvents events = stream(": gantry events, last id 0\n\nid: 1\nevent: job\ndata: {}\n\n"
                + ": keep-alive\n\nid: 2\r\nevent: job\r\ndata: {\"a\":1}\r\n\r\n");

        assertThat(events.next()).contains(new ServerSentEvents.Message("1", "job", "{}", Optional.empty()));
        assertThat(events.next()).contains(new ServerSentEvents.Message("2", "job", "{\"a\":1}", Optional.empty()));
        assertThat(events.next()).isEmpty();
    }

    @Test
    void dataLinesJoinWithNewlinesAndTheTypeDefaultsToMessage() throws IOException {
        ServerSentEvents events = stream("data:first\ndata: second\ntime: 2026-05-31T12:00:00Z\nretry: 10\n\n");

        assertThat(events.next()).contains(
                new ServerSentEvents.Message("", "message", "first\nsecond", Optional.of("2026-05-31T12:00:00Z")));
    }

    @Test
    void aMessageCutOffByTheEndOfTheStreamIsDropped() throws IOException {
        assertThat(stream("id: 3\nevent: job\ndata: {}\n").next()).isEmpty();
    }
}
