package dev.gantry.common.http;

/** What a route needs of its caller. {@code WRITE} includes {@code READ}; {@code ADMIN} includes both. */
public enum Access {
    READ, WRITE, ADMIN
}
