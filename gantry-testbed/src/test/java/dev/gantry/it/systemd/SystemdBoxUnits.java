package dev.gantry.it.systemd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Helpers for the systemd ITs: test units of their own, JSON, and waiting for what systemd does asynchronously. */
final class SystemdBoxUnits {
    static final String API = "/api/v1/systemd";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SystemdBoxUnits() {
    }

    /** A unique unit name {@code gantry-test-<what>-<random>.service}. */
    static String name(String what) {
        return "gantry-test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8) + ".service";
    }

    /** Writes /etc/systemd/system/{name} with {@code body} (the whole unit file) and daemon-reloads. */
    static String unit(AgentBox agent, String name, String body) {
        agent.box().writeFile("/etc/systemd/system/" + name, body);
        agent.box().exec("systemctl", "daemon-reload").orThrow();
        return name;
    }

    /** A long-running service that is installable (WantedBy=multi-user.target). */
    static String sleeper(AgentBox agent, String what) {
        return unit(agent, name(what), """
                [Unit]
                Description=Gantry test %s

                [Service]
                ExecStart=/bin/sleep infinity
                ExecReload=/bin/true

                [Install]
                WantedBy=multi-user.target
                """.formatted(what));
    }

    static String show(AgentBox agent, String unit, String property) {
        return agent.box().exec("systemctl", "show", "-p", property, "--value", unit).orThrow().out();
    }

    static String isActive(AgentBox agent, String unit) {
        return agent.box().exec("systemctl", "is-active", unit).out();
    }

    static String isEnabled(AgentBox agent, String unit) {
        return agent.box().exec("systemctl", "is-enabled", unit).out();
    }

    static JsonNode json(AgentHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (HTTP " + response.status() + "): " + response.body(), e);
        }
    }

    static AgentHttp.Response patch(AgentBox agent, String path, String body) {
        return agent.http().send("PATCH", path, Map.of("Content-Type", "application/json"), body);
    }

    static AgentHttp.Response put(AgentBox agent, String path, String body) {
        return agent.http().send("PUT", path, Map.of("Content-Type", "application/json"), body);
    }

    /**
     * The value {@code read} gives once it equals {@code expected}, or its last value after 10 s: for
     * effects that follow a signal (the agent's cache learns of a change from PropertiesChanged).
     */
    static <T> T eventually(Supplier<T> read, T expected) {
        return eventually(read, expected, 10);
    }

    /** As {@link #eventually(Supplier, Object)}, giving up after {@code seconds}. */
    static <T> T eventually(Supplier<T> read, T expected, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        T value = read.get();
        while (!expected.equals(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }
}
