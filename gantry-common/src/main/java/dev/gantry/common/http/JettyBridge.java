package dev.gantry.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands Jetty's requests to the {@link Dispatcher} and writes its answers back. */
final class JettyBridge extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(JettyBridge.class);
    static final int MAX_BODY = 1 << 20;
    private static final byte[] NO_BODY = new byte[0];
    private static final String PEER_ATTRIBUTE = "dev.gantry.peer";
    private static final String CALLER_ATTRIBUTE = "dev.gantry.caller";

    private final Dispatcher dispatcher;
    private final Map<String, Authenticator> authenticators;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    JettyBridge(Dispatcher dispatcher, Map<String, Authenticator> authenticatorsByConnector) {
        super(InvocationType.BLOCKING);
        this.dispatcher = dispatcher;
        this.authenticators = Map.copyOf(authenticatorsByConnector);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        inFlight.incrementAndGet();
        try {
            return serve(request, response, callback);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Waits until no request is being served, or {@code millis} have passed; returns whether idle. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return inFlight.get() == 0;
    }

    private boolean serve(Request request, Response response, Callback callback) throws Exception {
        String connector = request.getConnectionMetaData().getConnector().getName();
        Optional<UnixDomainPrincipal> peer = peer(request);
        Authenticator authenticator = peer.isPresent()
                ? keptForTheConnection(request, authenticators.get(connector))
                : authenticators.get(connector);
        byte[] body;
        try {
            body = readBody(request);
        } catch (BodyTooLarge e) {
            write(Dispatcher.problem(new ApiException(413, "body-too-large", "Body too large",
                    "a request body may hold at most " + MAX_BODY + " bytes"), request.getHttpURI().getPath(), "-"),
                    response, callback);
            return true;
        }
        Credentials credentials = new Credentials(peer,
                Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
        RawRequest raw = new RawRequest(request.getMethod(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), request.getHeaders()::get, body, credentials);
        RawResponse answer = dispatcher.dispatch(raw, authenticator);
        write(answer, response, callback);
        return true;
    }

    private static void write(RawResponse answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (answer.stream().isPresent()) {
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                answer.stream().get().write(out);
            } catch (IOException e) {
                LOG.debug("stream ended: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    private static byte[] readBody(Request request) throws IOException {
        // HTTP/1.1: a request with neither header has no body (RFC 9112 §6.3); most requests are such GETs.
        if (!request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)
                && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return NO_BODY;
        }
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            throw new BodyTooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BodyTooLarge();
            }
            return bytes;
        }
    }

    /**
     * On a Unix socket the caller is decided by the peer's credentials alone (see {@link ListenerSpec.Unix}),
     * which cannot change during a connection: the first answer is kept with the connection, so group
     * lookups run once per connection, not per request. A refusal is not kept.
     */
    private static Authenticator keptForTheConnection(Request request, Authenticator authenticator) {
        var meta = request.getConnectionMetaData();
        return credentials -> {
            if (meta.getAttribute(CALLER_ATTRIBUTE) instanceof Caller kept) {
                return kept;
            }
            Caller caller = authenticator.authenticate(credentials);
            meta.setAttribute(CALLER_ATTRIBUTE, caller);
            return caller;
        };
    }

    /** The Unix peer of this connection, read once per connection and kept with it. */
    private static Optional<UnixDomainPrincipal> peer(Request request) {
        var meta = request.getConnectionMetaData();
        Object cached = meta.getAttribute(PEER_ATTRIBUTE);
        if (cached instanceof UnixDomainPrincipal principal) {
            return Optional.of(principal);
        }
        EndPoint endPoint = meta.getConnection().getEndPoint();
        if (endPoint instanceof SocketChannelEndPoint socket
                && socket.getChannel() instanceof SocketChannel channel
                && endPoint.getLocalSocketAddress() instanceof UnixDomainSocketAddress) {
            try {
                UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                meta.setAttribute(PEER_ATTRIBUTE, principal);
                return Optional.of(principal);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("cannot read the peer credentials of a Unix socket connection: {}", e.toString());
            }
        }
        return Optional.empty();
    }

    private static final class BodyTooLarge extends IOException {
    }
}
