package dev.gantry.testbed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.ExecResult;
import dev.gantry.testbed.SystemdBox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The external load generators the benches drive: wrk over TCP inside a box, autocannon over a Unix socket. */
final class LoadTools {
    private LoadTools() {
    }

    /** A bearer token, made with the CLI in the box, that may read {@code modules}. */
    static String token(SystemdBox box, String name, Collection<String> modules) {
        List<String> cmd = new ArrayList<>(List.of("gantry", "token", "create", "--name", name));
        modules.forEach(m -> cmd.addAll(List.of("--scope", m + ":read")));
        return box.exec(cmd.toArray(String[]::new)).orThrow().out().lines().toList().getLast().trim();
    }

    /** {@code wrk -t2 -cN -dSs --latency} inside the box against {@code url}; one summary line. */
    static String wrk(SystemdBox box, String token, String url, int clients, Duration run) {
        return wrk(box, token, url, 2, clients, run);
    }

    /** As above with {@code threads} wrk threads (wrk needs at least one connection per thread). */
    static String wrk(SystemdBox box, String token, String url, int threads, int clients, Duration run) {
        ExecResult r = box.exec(run.plusSeconds(50), "wrk", "-t" + threads, "-c" + clients, "-d" + run.toSeconds() + "s",
                "--latency", "-H", "Authorization: Bearer " + token, url);
        String out = r.out();
        String rps = line(out, "Requests/sec").replaceAll("\\s+", " ");
        String p50 = line(out, "50%").replaceAll("\\s+", " ").replace("50% ", "");
        String p99 = line(out, "99%").replaceAll("\\s+", " ").replace("99% ", "");
        String errors = out.lines().filter(l -> l.contains("Non-2xx") || l.contains("Socket errors"))
                .map(String::trim).reduce((a, b) -> a + "; " + b).orElse("no non-2xx");
        return rps + ", p50 " + p50 + ", p99 " + p99 + " (" + errors + ")";
    }

    private static String line(String out, String start) {
        return out.lines().map(String::trim).filter(l -> l.startsWith(start)).findFirst().orElse("?");
    }

    /** autocannon (npm) speaks HTTP/1.1 over a Unix socket with far less CPU than a JVM client. */
    static String autocannon(String executable, Path socket, String path, int clients, Duration run) throws Exception {
        Process p = new ProcessBuilder(executable, "-S", socket.toString(), "-c", String.valueOf(clients),
                "-d", String.valueOf(run.toSeconds()), "-j", "http://localhost" + path)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        JsonNode json = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        return String.format(Locale.ROOT, "%,.0f req/s, p50 %s ms, p99 %s ms (%s non-2xx, %s errors)",
                json.path("requests").path("average").asDouble(), json.path("latency").path("p50").asText(),
                json.path("latency").path("p99").asText(), json.path("non2xx").asText(), json.path("errors").asText());
    }
}
