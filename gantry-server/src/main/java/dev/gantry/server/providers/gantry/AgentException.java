package dev.gantry.server.providers.gantry;

/** A gantry cluster's agent could not be reached or refused a call; the message names the agent. */
public final class AgentException extends RuntimeException {
    public AgentException(String message) {
        super(message);
    }
}
