package dev.gantry.common.http;

/**
 * What a route needs of its caller. {@code WRITE} includes {@code READ}; {@code ADMIN} includes both.
 * {@code PUBLIC} routes (liveness probes) are answered without asking the authenticator at all.
 */
public enum Access {
    READ, WRITE, ADMIN, PUBLIC
}
