package dev.gantry.it.machines;

import dev.gantry.testbed.SystemdBox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A TCP port on the host's loopback that forwards every connection to a Unix socket: how a client on
 * the host reaches a TCP listener inside a box without touching the host's network. In the box,
 * {@code systemd-socket-proxyd} passes the Unix socket on to the agent's TCP listener, so the agent
 * sees a real TCP caller with a bearer token.
 */
final class TcpForward implements AutoCloseable {
    private final ServerSocket server;
    private final Path socket;

    private TcpForward(ServerSocket server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    private static final String PROXY_SOCKET = "/run/gantry-proxy/tcp.sock";

    /** A forward to {@code address} (the agent's {@code Listen}) inside {@code box}, through a socket-activated proxy. */
    static TcpForward intoBox(SystemdBox box, String address) {
        box.writeFile("/etc/systemd/system/gantry-proxy.socket", """
                [Socket]
                ListenStream=%s
                """.formatted(PROXY_SOCKET));
        box.writeFile("/etc/systemd/system/gantry-proxy.service", """
                [Service]
                ExecStart=/usr/lib/systemd/systemd-socket-proxyd %s
                """.formatted(address));
        box.exec("systemctl", "daemon-reload").orThrow();
        box.exec("systemctl", "start", "gantry-proxy.socket").orThrow();
        return to(box.hostPath(PROXY_SOCKET));
    }

    static TcpForward to(Path unixSocket) {
        try {
            TcpForward forward = new TcpForward(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), unixSocket);
            Thread.ofVirtual().name("tcp-forward").start(forward::accept);
            return forward;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                SocketChannel upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
                upstream.connect(UnixDomainSocketAddress.of(socket));
                InputStream fromClient = client.getInputStream();
                OutputStream toClient = client.getOutputStream();
                Thread.ofVirtual().start(() -> pipe(client, fromClient, Channels.newOutputStream(upstream)));
                Thread.ofVirtual().start(() -> pipe(client, Channels.newInputStream(upstream), toClient));
            } catch (IOException e) {
                // closed, or the box went away: the caller sees its connection refused or reset
            }
        }
    }

    private static void pipe(Socket client, InputStream in, OutputStream out) {
        try (in; out) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: closing both ends the other direction too
        } finally {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
