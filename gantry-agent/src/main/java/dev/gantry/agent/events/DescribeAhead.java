package dev.gantry.agent.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * networkd's Describe of a link, asked for as soon as the kernel reports a change of the link. networkd's
 * signal for that change comes after networkd has handled the same notification (a few milliseconds,
 * more on a busy host), so the answer is usually there when the signal is, instead of one bus round
 * trip after it.
 *
 * <p>An early answer is used only if it shows every property the signal changed with the signal's
 * value. networkd sends only values that changed, so an answer given before networkd handled the
 * change shows the old values and is asked for again: a script's {@code JSON} is always a Describe
 * made after the change it runs for, as when it was asked for after the signal.
 *
 * <p>Thread-safe: the kernel's events and the scripts' queues call it from their own threads.
 */
final class DescribeAhead {
    private final LinkFacts facts;
    private final Map<Integer, CompletableFuture<Optional<String>>> asked = new ConcurrentHashMap<>();

    DescribeAhead(LinkFacts facts) {
        this.facts = facts;
    }

    /** The kernel reported a change of link {@code ifindex} (its flags, carrier, an address). */
    void kernelChanged(int ifindex) {
        asked.put(ifindex, facts.describe(ifindex));
    }

    /** Link {@code ifindex} is gone. */
    void forget(int ifindex) {
        asked.remove(ifindex);
    }

    /** The Describe for a signal of link {@code ifindex} that changed {@code changed}. */
    CompletableFuture<Optional<String>> forSignal(int ifindex, Map<String, String> changed) {
        CompletableFuture<Optional<String>> early = asked.remove(ifindex);
        if (early == null) {
            return facts.describe(ifindex);
        }
        return early.thenCompose(json -> json.isPresent() && shows(json.get(), changed)
                ? CompletableFuture.completedFuture(json) : facts.describe(ifindex));
    }

    /** Whether networkd's Describe has each of {@code changed}'s values (properties it does not carry aside). */
    static boolean shows(String json, Map<String, String> changed) {
        JsonNode link;
        try {
            link = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return false;
        }
        for (Map.Entry<String, String> e : changed.entrySet()) {
            JsonNode value = link.get(e.getKey());
            if (value != null && !value.asText().equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
