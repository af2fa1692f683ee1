package dev.gantry.agent.backend.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of dnf's (dnf 4) text output: {@code list}, {@code check-update}, {@code info},
 * {@code search}, {@code repolist}, {@code history list} and the transaction's progress lines. dnf
 * has no machine-readable output for these; the formats are pinned by fixtures captured from real runs.
 */
final class DnfOutput {
    /** {@code Installing       : htop-3.2.2-2.fc38.x86_64     1/1}. */
    private static final Pattern STEP = Pattern.compile("^\\s+([A-Z][A-Za-z ]*?)\\s*: (\\S+)\\s+(\\d+)/(\\d+)\\s*$");
    /** Section headings: dnf 4 capitalises "Packages", dnf 5 does not. */
    private static final Pattern SECTION = Pattern.compile(
            "^(Installed|Available|Available Upgrades|Upgraded|Obsoleting|Recently Added|Extra|Autoremove) [Pp]ackages$"
                    + "|^Available Upgrades$");

    private DnfOutput() {
    }

    /** One package line: {@code name.arch  [epoch:]version-release  repo}, possibly wrapped after a long name. */
    record Row(String name, String arch, String version, String repository) {
    }

    static List<Row> rows(String text, boolean stopAtObsoleting) {
        List<Row> rows = new ArrayList<>();
        String pending = null;
        for (String raw : text.split("\n")) {
            String line = raw.stripTrailing();
            if (line.isBlank() || line.startsWith("Last metadata expiration check")
                    || line.startsWith("Security:") || line.startsWith("Updating Subscription")
                    || line.startsWith("Updating and loading repositories") || line.startsWith("Repositories loaded")) {
                continue;
            }
            if (SECTION.matcher(line.strip()).matches()) {
                if (stopAtObsoleting && line.strip().startsWith("Obsoleting")) {
                    break;
                }
                pending = null;
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            if (pending != null && Character.isWhitespace(line.charAt(0)) && fields.length == 2) {
                rows.add(row(pending, fields[0], fields[1]));
                pending = null;
            } else if (fields.length == 3 && !Character.isWhitespace(line.charAt(0))) {
                rows.add(row(fields[0], fields[1], fields[2]));
                pending = null;
            } else if (fields.length == 1 && !Character.isWhitespace(line.charAt(0)) && fields[0].contains(".")) {
                pending = fields[0]; // a name too long for its column: version and repo follow on the next line
            } else {
                pending = null;
            }
        }
        return rows;
    }

    static Row row(String nameArch, String version, String repository) {
        int dot = nameArch.lastIndexOf('.');
        String name = dot > 0 ? nameArch.substring(0, dot) : nameArch;
        String arch = dot > 0 ? nameArch.substring(dot + 1) : null;
        return new Row(name, arch, version, repository.startsWith("@") ? repository.substring(1) : repository);
    }

    /** {@code dnf list installed|available|upgrades}. */
    static List<Package> list(String text, String status) {
        return rows(text, false).stream()
                .map(r -> new Package(r.name(), r.version(), r.arch(), r.repository(), status, null)).toList();
    }

    /** {@code dnf check-update}: the updates up to the "Obsoleting Packages" section. */
    static List<PackageUpdate> updates(String text) {
        return rows(text, true).stream()
                .map(r -> new PackageUpdate(r.name(), r.arch(), null, r.version(), r.repository())).toList();
    }

    /** {@code dnf info NAME}: one block per version, under "Installed Packages" or "Available Packages". */
    static Optional<PackageDetails> info(String text) {
        Map<String, String> installed = null;
        Map<String, String> available = null;
        Map<String, String> current = null;
        String section = "";
        String last = null;
        for (String raw : text.split("\n")) {
            String line = raw.stripTrailing();
            if (line.matches("(?i)(Installed|Available) packages|Available upgrades")) {
                section = line.toLowerCase(Locale.ROOT);
                continue;
            }
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 3).strip();
            if (key.equals("Name")) {
                current = new LinkedHashMap<>();
                if (section.equals("installed packages")) {
                    if (installed == null) {
                        installed = current;
                    }
                } else if (available == null) {
                    available = current;
                }
            }
            if (current == null) {
                continue;
            }
            if (key.isEmpty() && last != null) {
                current.merge(last, value, (a, b) -> a + " " + b);
            } else {
                current.put(key, value);
                last = key;
            }
        }
        if (installed == null && available == null) {
            return Optional.empty();
        }
        Map<String, String> main = available != null ? available : installed;
        Map<String, String> inst = installed;
        String candidate = available == null ? null : evr(available);
        // dnf 4 prints Architecture, Size and Repository (older: Arch, Repo); dnf 5 "Installed size" and "Download size".
        String repository = first(main, "Repository", "Repo");
        return Optional.of(new PackageDetails(main.get("Name"), first(main, "Architecture", "Arch"),
                inst == null ? null : evr(inst), candidate,
                size(first(inst != null ? inst : main, "Installed size", "Size")).orElse(null),
                available == null ? null : size(first(available, "Download size", "Size")).orElse(null),
                repository == null ? null : repository.replaceFirst("^@", ""),
                main.get("Summary"), main.get("Description"), List.of(), main.get("URL"), main.get("License")));
    }

    private static String first(Map<String, String> block, String... keys) {
        for (String key : keys) {
            if (block.containsKey(key)) {
                return block.get(key);
            }
        }
        return null;
    }

    private static String evr(Map<String, String> block) {
        String epoch = block.get("Epoch");
        return (epoch == null || epoch.equals("0") ? "" : epoch + ":") + block.get("Version") + "-" + block.get("Release");
    }

    /** dnf's sizes: {@code 7.9 M}, {@code 412 k}, {@code 1.2 G}, {@code 800} (bytes), in 1024s. */
    static Optional<Long> size(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("^([0-9.]+)\\s*([kKMGT]?)(?:i?B)?$").matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        int power = switch (m.group(2)) {
            case "k", "K" -> 1;
            case "M" -> 2;
            case "G" -> 3;
            case "T" -> 4;
            default -> 0;
        };
        return Optional.of(Math.round(n * Math.pow(1024, power)));
    }

    /** {@code dnf search}: {@code name.arch : summary} lines under "=== ... Matched: ... ===" banners. */
    static List<Package> search(String text) {
        List<Package> packages = new ArrayList<>();
        for (String line : text.split("\n")) {
            int sep = line.indexOf(" : ");
            if (sep <= 0 || line.startsWith("=") || line.startsWith(" ")) {
                continue;
            }
            String nameArch = line.substring(0, sep).strip();
            int dot = nameArch.lastIndexOf('.');
            packages.add(new Package(dot > 0 ? nameArch.substring(0, dot) : nameArch, null,
                    dot > 0 ? nameArch.substring(dot + 1) : null, null, null, line.substring(sep + 3).strip()));
        }
        return packages;
    }

    /** {@code dnf repolist --all}: {@code id  name  enabled|disabled}, after a header line. */
    static List<Repository> repositories(String text) {
        List<Repository> repositories = new ArrayList<>();
        for (String line : text.split("\n")) {
            String s = line.stripTrailing();
            if (s.isBlank() || s.startsWith("repo id")) {
                continue;
            }
            Matcher m = Pattern.compile("^(\\S+)\\s+(.*?)\\s+(enabled|disabled)$").matcher(s);
            if (m.matches()) {
                repositories.add(new Repository(m.group(1), m.group(2), m.group(3).equals("enabled"), null));
            }
        }
        return repositories;
    }

    /** {@code dnf history list}: {@code ID | Command line | Date and time | Action(s) | Altered}, newest first. */
    static List<HistoryEntry> history(String text) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 5 || !cells[0].strip().matches("\\d+")) {
                continue;
            }
            List<HistoryEntry.PackageChange> changes = new ArrayList<>();
            for (String action : cells[3].split(",")) {
                if (!action.isBlank()) {
                    changes.add(new HistoryEntry.PackageChange(action.strip().toLowerCase(Locale.ROOT),
                            null, null, null, null));
                }
            }
            entries.add(new HistoryEntry(cells[0].strip(), cells[2].strip(), null, cells[1].strip(), null, changes));
        }
        return entries;
    }

    /**
     * A transaction step ({@code Installing : pkg 3/10}): dnf numbers each phase's steps, so the
     * percentage is the step's share, the verification pass being the last tenth.
     */
    static Optional<Progress> progress(String line) {
        Matcher m = STEP.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(m.group(3));
        int total = Math.max(1, Integer.parseInt(m.group(4)));
        String action = m.group(1).strip();
        int percent = action.equals("Verifying") ? 90 + n * 10 / total : n * 90 / total;
        return Optional.of(new Progress(Math.min(100, percent), action + " " + m.group(2)));
    }

    /** dnf's error lines ({@code Error: ...}, {@code No match for argument: x}). */
    static List<String> errors(String stdout, String stderr) {
        List<String> errors = new ArrayList<>();
        for (String line : (stderr + "\n" + stdout).split("\n")) {
            String s = line.strip();
            if (s.startsWith("Error:") || s.startsWith("No match for argument") || s.startsWith("Problem:")) {
                errors.add(s);
            }
        }
        return errors;
    }
}
