package dev.gantry.common.http;

/** A listener as it is bound: {@code kind} unix or tcp, its address, and whether TLS / client certificates apply. */
public record ListenerInfo(String kind, String address, boolean tls, boolean clientCertificates) {
}
