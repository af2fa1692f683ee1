package dev.gantry.agent.backend.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * nftables through the {@code nft} program, the agent's one interface to it: reads as libnftables'
 * JSON ({@code nft -j list ...}), changes as one batch on standard input ({@code nft -f -}), which
 * nft applies as one kernel transaction: all of it or nothing. Never a shell; the argument vector
 * and the batch are built by the caller from checked input.
 *
 * <p>A batch is either JSON ({@link #applyJson}) or nft's own language ({@link #applyScript}), never
 * both: nft 1.0.6 given {@code -j} and a text batch parses nothing, changes nothing and exits 0, so
 * text batches run without {@code -j}. Every failure is an {@link NftException} carrying nft's
 * message. The agent's CAP_NET_ADMIN reaches nft as an ambient capability.
 */
public final class Nft {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** What a read keeps of nft's output: 1,000 rules are about 380 KB of JSON; Command's default cuts at 1 MiB. */
    static final int MAX_READ = 64 << 20;
    private static final byte[] NO_INPUT = new byte[0];
    private final String program;
    private final FreshRead<String> ruleset;

    public Nft(String program) {
        this.program = program;
        this.ruleset = new FreshRead<>(this::readRulesetJson);
    }

    public static Nft host() {
        return new Nft("nft");
    }

    /** {@code nft -j list <what...>}: the {@code nftables} array, metainfo included. */
    public ArrayNode list(String... what) {
        List<String> argv = new ArrayList<>(List.of(program, "-j", "list"));
        argv.addAll(List.of(what));
        return nftables(read(argv));
    }

    /**
     * {@code nft -j list ruleset} as nft printed it, unparsed: {@code {"nftables": [...]}}. Passed on as
     * it is, it saves parsing and re-serialising a large ruleset on every read. Concurrent callers
     * share one nft run, never one that started before their call ({@link FreshRead}).
     */
    public String rulesetJson() {
        return ruleset.get();
    }

    private String readRulesetJson() {
        String out = read(List.of(program, "-j", "list", "ruleset")).strip();
        if (!out.startsWith("{") || !out.endsWith("}")) {
            throw new IllegalStateException("nft -j list ruleset printed no JSON object (or more than "
                    + MAX_READ + " bytes)");
        }
        return out;
    }

    private static String read(List<String> argv) {
        return ok(Command.run(argv, NO_INPUT, TIMEOUT, MAX_READ)).stdout();
    }

    /** {@code nft -j reset counters [table F T]}: the named counters as they were, then zeroed. */
    public ArrayNode resetCounters(String... table) {
        List<String> argv = new ArrayList<>(List.of(program, "-j", "reset", "counters"));
        if (table.length > 0) {
            argv.add("table");
            argv.addAll(List.of(table));
        }
        return nftables(read(argv));
    }

    /** {@code nft -a list <what...>}: nft's own text, each rule followed by {@code # handle N}. */
    public String listText(String... what) {
        List<String> argv = new ArrayList<>(List.of(program, "-a", "list"));
        argv.addAll(List.of(what));
        return read(argv);
    }

    /** {@code nft list ruleset} without handles: the text {@code nft -f} loads back. */
    public String rulesetText() {
        return read(List.of(program, "list", "ruleset"));
    }

    /**
     * Applies a JSON batch ({@code {"nftables":[{"add":...}, ...]}}) atomically. With {@code check}
     * nft only checks it ({@code -c}) and nothing changes; otherwise nft echoes what it created, with
     * handles, and that echo is returned.
     */
    public ArrayNode applyJson(JsonNode batch, boolean check) {
        List<String> argv = new ArrayList<>(List.of(program, "-j"));
        argv.add(check ? "-c" : "-e");
        argv.addAll(List.of("-f", "-"));
        String out = ok(Command.run(argv, Json.bytes(batch), TIMEOUT)).stdout();
        return check || out.isBlank() ? Json.mapper().createArrayNode() : nftables(out);
    }

    /**
     * Applies a batch in nft's language atomically, one command a line. With {@code check} nothing
     * changes; otherwise returns nft's echo of what it created ({@code ... # handle N}).
     */
    public String applyScript(String script, boolean check) {
        List<String> argv = new ArrayList<>(List.of(program));
        argv.addAll(check ? List.of("-c") : List.of("-e", "-a"));
        argv.addAll(List.of("-f", "-"));
        return ok(Command.run(argv, script.getBytes(StandardCharsets.UTF_8), TIMEOUT)).stdout();
    }

    /** {@code nft [-c] -f FILE}: loads (or only checks) a ruleset file as one transaction. */
    public void loadFile(Path file, boolean check) {
        List<String> argv = new ArrayList<>(List.of(program));
        if (check) {
            argv.add("-c");
        }
        argv.addAll(List.of("-f", file.toString()));
        ok(Command.run(argv, TIMEOUT));
    }

    /** Runs {@code nft <args>} as given; the caller has checked them. */
    public Command.Result run(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(program));
        argv.addAll(args);
        return Command.run(argv, NO_INPUT, TIMEOUT, MAX_READ);
    }

    private static Command.Result ok(Command.Result result) {
        if (!result.ok()) {
            throw new NftException(message(result));
        }
        return result;
    }

    /** nft's whole message (it spans lines: the error, the input, a caret under the culprit). */
    public static String message(Command.Result result) {
        String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
        text = text.strip().replaceAll("\n{2,}", "\n");
        return text.isEmpty() ? "nft failed with exit code " + result.exitCode() : text;
    }

    private static ArrayNode nftables(String out) {
        try {
            JsonNode root = Json.mapper().readTree(out);
            JsonNode array = root == null ? null : root.get("nftables");
            if (array instanceof ArrayNode nodes) {
                return nodes;
            }
            throw new IllegalStateException("nft printed JSON without an nftables array");
        } catch (IOException e) {
            throw new IllegalStateException("nft printed JSON that does not parse (cut at " + MAX_READ
                    + " bytes?): " + e.getMessage(), e);
        }
    }
}
