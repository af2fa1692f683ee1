package dev.gantry.agent.backend.packages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of tdnf's output (tdnf 1.x to 3.x, {@code tools/cli/lib/api.c}): {@code list} and
 * {@code check-update} rows ({@code name.arch  version-release  repo}), {@code info} blocks
 * ({@code Name          : x}), {@code search} ({@code name : summary}), {@code repolist}, the
 * transaction's lines, and {@code history} in its JSON form ({@code -j}, whose text form has a column
 * as wide as the terminal).
 */
final class TdnfOutput {
    /** {@code Installing/Updating: htop-3.2.1-1.ph5.x86_64}, {@code Removing: ...}. */
    private static final Pattern STEP = Pattern.compile("^(Installing/Updating|Removing|Downgrading|Reinstalling"
            + "|Obsoleting): (\\S+)\\s*$");

    private TdnfOutput() {
    }

    /** {@code tdnf list [installed|available|upgrades]}: installed packages show repo {@code @System}. */
    static List<Package> list(String text, String status) {
        List<Package> packages = new ArrayList<>();
        for (DnfOutput.Row r : rows(text)) {
            boolean installed = r.repository().equals("System");
            packages.add(new Package(r.name(), r.version(), r.arch(), installed ? null : r.repository(),
                    status != null ? status : installed ? Package.INSTALLED : Package.AVAILABLE, null));
        }
        return packages;
    }

    /**
     * {@code tdnf check-update}. tdnf 3 prints each row as three overwriting pieces: the repository
     * right-aligned to column 80, {@code \r}, the version to column 50, {@code \r}, then
     * {@code name.arch}, so a terminal shows one row; older tdnf (and 3.x with
     * {@code dnf_check_update_compat}) prints plain columns. Both are read.
     */
    static List<PackageUpdate> updates(String text) {
        List<PackageUpdate> updates = new ArrayList<>();
        for (DnfOutput.Row r : rows(text)) {
            updates.add(new PackageUpdate(r.name(), r.arch(), null, r.version(), r.repository()));
        }
        return updates;
    }

    private static List<DnfOutput.Row> rows(String text) {
        StringBuilder plain = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.contains("\r")) {
                String[] pieces = line.split("\r");
                if (pieces.length == 3) {
                    line = pieces[2].strip() + " " + pieces[1].strip() + " " + pieces[0].strip();
                }
            }
            plain.append(line).append('\n');
        }
        return DnfOutput.rows(plain.toString(), false);
    }

    /**
     * {@code tdnf info NAME}: one block per version ({@code Name}, {@code Arch}, {@code Epoch},
     * {@code Version}, {@code Release}, {@code Install Size : 1.2M (1234567)}, {@code Repo},
     * {@code Summary}, {@code URL}, {@code License}, {@code Description}); the installed one has Repo
     * {@code @System}. A trailing "Total Size" line is ignored.
     */
    static Optional<PackageDetails> info(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 3).strip();
            if (key.equals("Name")) {
                current = new LinkedHashMap<>();
                blocks.add(current);
            }
            if (current != null) {
                current.put(key, value);
            }
        }
        Map<String, String> installed = null;
        Map<String, String> available = null;
        for (Map<String, String> b : blocks) {
            if ("@System".equals(b.get("Repo"))) {
                installed = installed == null ? b : installed;
            } else if (available == null) {
                available = b;
            }
        }
        if (installed == null && available == null) {
            return Optional.empty();
        }
        Map<String, String> main = available != null ? available : installed;
        return Optional.of(new PackageDetails(main.get("Name"), main.get("Arch"),
                installed == null ? null : evr(installed), available == null ? null : evr(available),
                installSize(installed != null ? installed : main), null, main.get("Repo"), main.get("Summary"),
                main.get("Description"), List.of(), main.get("URL"), main.get("License")));
    }

    private static String evr(Map<String, String> block) {
        String epoch = block.getOrDefault("Epoch", "0");
        return (epoch.equals("0") ? "" : epoch + ":") + block.get("Version") + "-" + block.get("Release");
    }

    /** {@code 1.12M (1176540)}: the bytes in parentheses. */
    private static Long installSize(Map<String, String> block) {
        String size = block.get("Install Size");
        if (size == null) {
            return null;
        }
        Matcher m = Pattern.compile("\\((\\d+)\\)").matcher(size);
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    /** {@code tdnf search}: {@code name : summary} per line. */
    static List<Package> search(String text) {
        List<Package> packages = new ArrayList<>();
        for (String line : text.split("\n")) {
            int sep = line.indexOf(" : ");
            if (sep > 0 && !line.startsWith(" ")) {
                packages.add(new Package(line.substring(0, sep).strip(), null, null, null, null,
                        line.substring(sep + 3).strip()));
            }
        }
        return packages;
    }

    /** {@code tdnf repolist all}: {@code %-20s%-40s%-10s} rows of id, name, enabled/disabled after a header. */
    static List<Repository> repositories(String text) {
        return DnfOutput.repositories(text);
    }

    /**
     * {@code tdnf -j history --info}: {@code [{Id, CmdLine, TimeStamp, AddedCount, RemovedCount, Added,
     * Removed}]}, oldest first in tdnf; returned newest first. Added and removed entries are NEVRAs.
     */
    static List<HistoryEntry> history(String json) {
        JsonNode all;
        try {
            all = json.isBlank() ? Json.mapper().createArrayNode() : Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("tdnf -j history printed no JSON: " + e.getMessage(), e);
        }
        List<HistoryEntry> entries = new ArrayList<>();
        for (JsonNode h : all) {
            List<HistoryEntry.PackageChange> changes = new ArrayList<>();
            for (JsonNode a : h.path("Added")) {
                changes.add(new HistoryEntry.PackageChange("install", a.asText(), null, null, null));
            }
            for (JsonNode r : h.path("Removed")) {
                changes.add(new HistoryEntry.PackageChange("remove", r.asText(), null, null, null));
            }
            String when = h.has("TimeStamp") ? Instant.ofEpochSecond(h.get("TimeStamp").asLong()).toString() : null;
            entries.add(new HistoryEntry(h.path("Id").asText(), when, null, h.path("CmdLine").asText(null), null,
                    changes));
        }
        return entries.reversed();
    }

    /** tdnf prints one line per package as rpm works on it, without a count: the message, at the given percentage. */
    static Optional<Progress> progress(String line, int percentSoFar) {
        Matcher m = STEP.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Progress(percentSoFar, m.group(1) + " " + m.group(2)));
    }

    /** tdnf's error lines: {@code Error(1011) : No matching packages}, and its own "No package ..." lines. */
    static List<String> errors(String stdout, String stderr) {
        List<String> errors = new ArrayList<>();
        for (String line : (stderr + "\n" + stdout).split("\n")) {
            String s = line.strip();
            if (s.startsWith("Error(") || s.startsWith("No package") || s.startsWith("Error:")) {
                errors.add(s);
            }
        }
        return errors;
    }
}
