package dev.gantry.common.http;

import dev.gantry.common.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches the dispatcher (a path with an encoded NUL
 * or invalid UTF-8, a malformed request line): a problem document like every other error, not an
 * HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {
    /** Jetty writes an error body only for GET, POST and HEAD by default; a refused PUT or DELETE is a problem too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String instance = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(problem(code, message, instance)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        try {
            return ByteBuffer.wrap(problem(status, reason, null));
        } catch (IOException e) {
            return ByteBuffer.allocate(0);
        }
    }

    private static byte[] problem(int status, String message, String instance) throws IOException {
        String title = HttpStatus.getMessage(status);
        String detail = message == null || message.isBlank() ? title : message;
        return Json.mapper().writeValueAsBytes(new Problem(
                Problem.TYPE_BASE + (status == 400 ? "bad-request" : "http-" + status), title, status, detail,
                instance, List.of()));
    }
}
