package dev.gantry.server;

import dev.gantry.common.http.Caller;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The local admin path ("gantry admin ..." as root on the server host): at every start the server
 * makes a fresh random token and writes it, with the URL it listens on, to {@code admin.json} in its
 * state directory, readable by the server's user only (root reads it anyway). Only the process that
 * made it accepts it, so a token left on disk dies with its server; it is never stored in the
 * database, so replicas do not share it.
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin.json";
    static final String CALLER_NAME = "local-admin";

    private final byte[] token;

    private AdminToken(byte[] token) {
        this.token = token;
    }

    /** What {@code admin.json} holds. */
    public record AdminFile(String url, String token) {
    }

    /** A new random token; {@link #write} publishes it once the server knows its address. */
    public static AdminToken random() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String text = "gsa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new AdminToken(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code stateDir/admin.json} (mode 0600, replaced atomically) with the token and {@code listen}'s URL. */
    public Path write(Path stateDir, InetSocketAddress listen) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve(FILE_NAME);
        Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, Json.bytes(new AdminFile(url(listen), new String(token, StandardCharsets.UTF_8))));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** How a client on this host reaches {@code listen}: a wildcard address is reached on loopback. */
    static String url(InetSocketAddress listen) {
        InetAddress address = listen.getAddress();
        String host = address.isAnyLocalAddress()
                ? (address instanceof java.net.Inet6Address ? "[::1]" : "127.0.0.1")
                : (address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress());
        return "http://" + host + ":" + listen.getPort();
    }

    /** The admin caller when {@code presented} is this server's admin token. */
    public Optional<Caller> verify(String presented) {
        boolean same = MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
        return same ? Optional.of(new Caller(CALLER_NAME, Caller.Kind.TOKEN, Set.of(Caller.ALL))) : Optional.empty();
    }
}
