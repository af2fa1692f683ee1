package dev.gantry.common.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A response with a status and headers other than the route's defaults, or a stream. */
public final class Reply {
    private final int status;
    private final Object entity;
    private final Map<String, String> headers;
    private final Stream stream;

    private Reply(int status, Object entity, Map<String, String> headers, Stream stream) {
        this.status = status;
        this.entity = entity;
        this.headers = headers;
        this.stream = stream;
    }

    public static Reply of(int status, Object entity) {
        return new Reply(status, entity, new LinkedHashMap<>(), null);
    }

    /** 202 Accepted for a job, with its Location. */
    public static Reply accepted(String location, Object entity) {
        return of(202, entity).header("Location", location);
    }

    /** A long-lived response written by {@code stream} (used for Server-Sent Events). */
    public static Reply stream(String contentType, Stream stream) {
        Reply reply = new Reply(200, null, new LinkedHashMap<>(), stream);
        return reply.header("Content-Type", contentType).header("Cache-Control", "no-cache");
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Optional<Object> entity() {
        return Optional.ofNullable(entity);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Optional<Stream> streamBody() {
        return Optional.ofNullable(stream);
    }

    /** Writes a streamed body; returns when the stream ends or the client goes away. */
    @FunctionalInterface
    public interface Stream {
        void write(OutputStream out) throws IOException, InterruptedException;
    }
}
