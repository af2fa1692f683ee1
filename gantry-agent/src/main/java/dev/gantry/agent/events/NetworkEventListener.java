package dev.gantry.agent.events;

/**
 * Told of every network event the broker receives, before its scripts are queued. Called on the
 * source's own thread: a listener must not block for long, and must not throw (what it throws is logged).
 */
@FunctionalInterface
public interface NetworkEventListener {
    void onEvent(NetworkEvent event);
}
