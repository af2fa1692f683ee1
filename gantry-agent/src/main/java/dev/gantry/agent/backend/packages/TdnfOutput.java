package dev.gantry.agent.backend.packages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of tdnf's JSON output ({@code tdnf -j}, tdnf 3.x: the keys of {@code tools/cli/lib/api.c}:
 * {@code Name}, {@code Arch}, {@code Evr}, {@code Repo}, ...) and of its transaction's text lines.
 */
final class TdnfOutput {
    /** {@code Installing/Updating: htop-3.2.1-1.ph5.x86_64}, {@code Removing: ...}. */
    private static final Pattern STEP = Pattern.compile("^(Installing/Updating|Removing|Downgrading|Reinstalling"
            + "|Obsoleting): (\\S+)\\s*$");

    private TdnfOutput() {
    }

    private static JsonNode parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Json.mapper().createArrayNode();
        }
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException("tdnf -j printed no JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** {@code tdnf -j list installed|available|upgrades}: {@code [{Name, Arch, Evr, Repo}]}. */
    static List<Package> list(String json, String status) {
        List<Package> packages = new ArrayList<>();
        for (JsonNode p : parse(json)) {
            String repo = text(p, "Repo");
            packages.add(new Package(text(p, "Name"), text(p, "Evr"), text(p, "Arch"),
                    repo == null ? null : repo.replaceFirst("^@", ""), status, null));
        }
        return packages;
    }

    /** {@code tdnf -j check-update}: {@code [{Name, Arch, Evr, Repo}]}, the new version in Evr. */
    static List<PackageUpdate> updates(String json) {
        List<PackageUpdate> updates = new ArrayList<>();
        for (JsonNode p : parse(json)) {
            updates.add(new PackageUpdate(text(p, "Name"), text(p, "Arch"), null, text(p, "Evr"), text(p, "Repo")));
        }
        return updates;
    }

    /**
     * {@code tdnf -j info NAME}: one object per version ({@code Name, Arch, Evr, Repo, Url, InstallSize,
     * Summary, License, Description}); the installed one has Repo {@code @System}.
     */
    static Optional<PackageDetails> info(String json) {
        JsonNode installed = null;
        JsonNode available = null;
        for (JsonNode p : parse(json)) {
            if ("@System".equals(text(p, "Repo")) || "@system".equals(text(p, "Repo"))) {
                installed = installed == null ? p : installed;
            } else if (available == null) {
                available = p;
            }
        }
        if (installed == null && available == null) {
            return Optional.empty();
        }
        JsonNode main = available != null ? available : installed;
        JsonNode size = (installed != null ? installed : main).get("InstallSize");
        return Optional.of(new PackageDetails(text(main, "Name"), text(main, "Arch"),
                installed == null ? null : text(installed, "Evr"), available == null ? null : text(available, "Evr"),
                size == null ? null : size.asLong(), null, text(main, "Repo"), text(main, "Summary"),
                text(main, "Description"), List.of(), text(main, "Url"), text(main, "License")));
    }

    /** {@code tdnf -j search}: {@code [{Name, Summary}]}. */
    static List<Package> search(String json) {
        List<Package> packages = new ArrayList<>();
        for (JsonNode p : parse(json)) {
            packages.add(new Package(text(p, "Name"), null, null, null, null, text(p, "Summary")));
        }
        return packages;
    }

    /** {@code tdnf -j repolist all}: {@code [{Repo, RepoName, Enabled}]}. */
    static List<Repository> repositories(String json) {
        List<Repository> repositories = new ArrayList<>();
        for (JsonNode r : parse(json)) {
            repositories.add(new Repository(text(r, "Repo"), text(r, "RepoName"), r.path("Enabled").asBoolean(),
                    null));
        }
        return repositories;
    }

    /**
     * {@code tdnf -j history --info}: {@code [{Id, CmdLine, TimeStamp, AddedCount, RemovedCount, Added,
     * Removed}]}, oldest first in tdnf; returned newest first. Added and removed entries are NEVRAs.
     */
    static List<HistoryEntry> history(String json) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (JsonNode h : parse(json)) {
            List<HistoryEntry.PackageChange> changes = new ArrayList<>();
            for (JsonNode a : h.path("Added")) {
                changes.add(new HistoryEntry.PackageChange("install", a.asText(), null, null, null));
            }
            for (JsonNode r : h.path("Removed")) {
                changes.add(new HistoryEntry.PackageChange("remove", r.asText(), null, null, null));
            }
            String when = h.has("TimeStamp") ? Instant.ofEpochSecond(h.get("TimeStamp").asLong()).toString() : null;
            entries.add(new HistoryEntry(text(h, "Id"), when, null, text(h, "CmdLine"), null, changes));
        }
        return entries.reversed();
    }

    /** tdnf prints one line per package as rpm works on it, without a count: the message only. */
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
