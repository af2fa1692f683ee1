package dev.gantry.agent.backend.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of what apt, apt-cache and apt-get print, and of apt's history log. Pure functions, unit-tested. */
final class AptOutput {
    /** {@code name/suite[,now] version arch [flags]}: one line of {@code apt list}. */
    private static final Pattern LIST_LINE = Pattern.compile("^(\\S+?)/(\\S*) (\\S+) (\\S+)(?: \\[(.*)])?$");
    private static final Pattern UPGRADABLE_FROM = Pattern.compile("upgradable from: (\\S+)");
    /** {@code pmstatus:hello:42.8571:Installing hello (amd64)} and {@code dlstatus:1:9.09:Retrieving file 1 of 2}. */
    private static final Pattern STATUS = Pattern.compile("^(pmstatus|dlstatus|pmerror):([^:]*):([0-9.]+):(.*)$");
    private static final Pattern HISTORY_PACKAGE = Pattern.compile("([^\\s,]+?)(?::([a-z0-9-]+))? \\(([^)]*)\\)");

    private AptOutput() {
    }

    /** {@code apt list [--installed|--upgradable]}; the "Listing..." header and blank lines are skipped. */
    static List<Package> list(String text) {
        List<Package> packages = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LIST_LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String flags = m.group(5) == null ? "" : m.group(5);
            String status = flags.contains("upgradable") ? Package.UPGRADABLE
                    : flags.startsWith("installed") || flags.contains(",installed") ? Package.INSTALLED
                    : Package.AVAILABLE;
            String version = m.group(3);
            Matcher from = UPGRADABLE_FROM.matcher(flags);
            if (from.find()) {
                version = from.group(1); // the installed one; the list shows the candidate
            }
            String suites = m.group(2);
            String repository = suites.replace(",now", "").replace("now", "");
            packages.add(new Package(m.group(1), version, m.group(4), repository.isEmpty() ? null : repository,
                    status, null));
        }
        return packages;
    }

    /** {@code apt list --upgradable}: the candidate and, from the flags, the installed version. */
    static List<PackageUpdate> updates(String text) {
        List<PackageUpdate> updates = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LIST_LINE.matcher(line.strip());
            if (!m.matches() || m.group(5) == null) {
                continue;
            }
            Matcher from = UPGRADABLE_FROM.matcher(m.group(5));
            if (from.find()) {
                updates.add(new PackageUpdate(m.group(1), m.group(4), from.group(1), m.group(3),
                        m.group(2).isEmpty() ? null : m.group(2)));
            }
        }
        return updates;
    }

    /** {@code apt-cache search}: {@code name - summary} per line. */
    static List<Package> search(String text) {
        List<Package> packages = new ArrayList<>();
        for (String line : text.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash > 0) {
                packages.add(new Package(line.substring(0, dash), null, null, null, null,
                        line.substring(dash + 3).strip()));
            }
        }
        return packages;
    }

    /** {@code apt-cache policy NAME}: installed and candidate versions, {@code (none)} as absent. */
    record Policy(Optional<String> installed, Optional<String> candidate) {
    }

    static Optional<Policy> policy(String text) {
        String installed = null;
        String candidate = null;
        boolean any = false;
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.startsWith("Installed:")) {
                installed = version(s.substring("Installed:".length()));
                any = true;
            } else if (s.startsWith("Candidate:")) {
                candidate = version(s.substring("Candidate:".length()));
                any = true;
            }
        }
        return any ? Optional.of(new Policy(Optional.ofNullable(installed), Optional.ofNullable(candidate)))
                : Optional.empty();
    }

    private static String version(String value) {
        String v = value.strip();
        return v.isEmpty() || v.equals("(none)") ? null : v;
    }

    /** Deb822 stanzas ({@code apt-cache show}, {@code dpkg -s}): field to value, continuation lines joined with newlines. */
    static List<Map<String, String>> stanzas(String text) {
        List<Map<String, String>> stanzas = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    stanzas.add(current);
                    current = new LinkedHashMap<>();
                }
                last = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                String more = line.strip();
                current.merge(last, more.equals(".") ? "" : more, (a, b) -> a + "\n" + b);
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    last = line.substring(0, colon);
                    current.put(last, line.substring(colon + 1).strip());
                }
            }
        }
        if (!current.isEmpty()) {
            stanzas.add(current);
        }
        return stanzas;
    }

    /** The details of {@code name} from its policy and the stanzas of {@code apt-cache show}. */
    static Optional<PackageDetails> details(String name, Optional<Policy> policy, List<Map<String, String>> stanzas) {
        Optional<String> installed = policy.flatMap(Policy::installed);
        Optional<String> candidate = policy.flatMap(Policy::candidate);
        if (installed.isEmpty() && candidate.isEmpty() && stanzas.isEmpty()) {
            return Optional.empty();
        }
        String wanted = candidate.or(() -> installed).orElse(null);
        Map<String, String> stanza = stanzas.stream().filter(s -> s.getOrDefault("Version", "").equals(wanted))
                .findFirst().orElse(stanzas.isEmpty() ? Map.of() : stanzas.getFirst());
        String description = stanza.getOrDefault("Description", stanza.getOrDefault("Description-en", ""));
        String summary = description.lines().findFirst().orElse("");
        String longText = description.contains("\n") ? description.substring(description.indexOf('\n') + 1) : "";
        Long installedSize = number(stanza.get("Installed-Size")).map(kib -> kib * 1024).orElse(null);
        return Optional.of(new PackageDetails(name, stanza.get("Architecture"), installed.orElse(null),
                candidate.orElse(null), installedSize, number(stanza.get("Size")).orElse(null),
                null, summary, longText.isEmpty() ? summary : longText, dependencies(stanza.get("Depends"), stanza.get("Pre-Depends")),
                stanza.get("Homepage"), null));
    }

    /** Depends and Pre-Depends, one entry per comma-separated item (alternatives stay together: {@code a | b}). */
    static List<String> dependencies(String... fields) {
        List<String> all = new ArrayList<>();
        for (String field : fields) {
            if (field == null || field.isBlank()) {
                continue;
            }
            for (String d : field.split(",")) {
                if (!d.isBlank()) {
                    all.add(d.strip());
                }
            }
        }
        return all;
    }

    private static Optional<Long> number(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A line apt-get writes on {@code APT::Status-Fd}: {@code dlstatus} (downloads) and {@code pmstatus}
     * (dpkg) carry apt's own percentage of that phase; apt counts the download as part of the whole,
     * so downloads are shown as the first fifth and dpkg's work as the rest.
     */
    static Optional<Progress> status(String line) {
        Matcher m = STATUS.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        double percent;
        try {
            percent = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int p = (int) Math.max(0, Math.min(100, percent));
        return switch (m.group(1)) {
            case "dlstatus" -> Optional.of(new Progress(p / 5, m.group(4).strip()));
            case "pmstatus" -> Optional.of(new Progress(20 + p * 80 / 100, m.group(4).strip()));
            default -> Optional.of(new Progress(20 + p * 80 / 100, "error: " + m.group(4).strip()));
        };
    }

    /** apt's error lines ({@code E: ...}), or dpkg's, from both streams. */
    static List<String> errors(String stdout, String stderr) {
        List<String> errors = new ArrayList<>();
        for (String line : (stderr + "\n" + stdout).split("\n")) {
            String s = line.strip();
            if (s.startsWith("E: ") || s.startsWith("dpkg: error") || s.startsWith("pmerror:")) {
                errors.add(s.startsWith("pmerror:") ? s.substring(s.lastIndexOf(':') + 1).strip() : s);
            }
        }
        return errors;
    }

    /** {@code apt-cache policy} without arguments: one repository per {@code Packages} index, the dpkg status file left out. */
    static List<Repository> repositories(String text) {
        List<Repository> repositories = new ArrayList<>();
        Pattern index = Pattern.compile("^\\s*(-?\\d+) (\\S+) (\\S+?)(?: (\\S+))? Packages$");
        String id = null;
        String url = null;
        String label = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Pinned packages:")) {
                break;
            }
            Matcher m = index.matcher(line);
            if (m.matches()) {
                if (id != null) {
                    repositories.add(new Repository(id, label == null ? id : label, true, url));
                }
                url = m.group(2);
                id = url + " " + m.group(3) + (m.group(4) == null ? "" : " " + m.group(4));
                label = null;
            } else if (id != null && line.strip().startsWith("release ")) {
                Map<String, String> release = new LinkedHashMap<>();
                for (String kv : line.strip().substring("release ".length()).split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        release.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                String l = release.getOrDefault("l", release.getOrDefault("o", ""));
                String n = release.getOrDefault("n", release.getOrDefault("a", ""));
                String c = release.getOrDefault("c", "");
                String text2 = (l + " " + n + (c.isEmpty() ? "" : "/" + c)).strip();
                label = text2.isEmpty() ? null : text2;
            }
        }
        if (id != null) {
            repositories.add(new Repository(id, label == null ? id : label, true, url));
        }
        return repositories;
    }

    /**
     * {@code /var/log/apt/history.log}: blank-line separated entries of {@code Start-Date},
     * {@code Commandline}, {@code Requested-By}, the actions ({@code Install: a:amd64 (1.0, automatic)},
     * {@code Upgrade: b:amd64 (1.0, 2.0)}, ...) and {@code End-Date}. Returned newest first; ids count
     * entries from the oldest in this file (1 = oldest).
     */
    static List<HistoryEntry> history(String text) {
        List<HistoryEntry> entries = new ArrayList<>();
        int n = 0;
        for (Map<String, String> stanza : stanzas(text)) {
            if (!stanza.containsKey("Start-Date")) {
                continue;
            }
            n++;
            List<HistoryEntry.PackageChange> changes = new ArrayList<>();
            for (String action : List.of("Install", "Reinstall", "Upgrade", "Downgrade", "Remove", "Purge")) {
                String value = stanza.get(action);
                if (value == null) {
                    continue;
                }
                Matcher m = HISTORY_PACKAGE.matcher(value);
                while (m.find()) {
                    String[] versions = m.group(3).split(", ");
                    boolean fromTo = action.equals("Upgrade") || action.equals("Downgrade");
                    String version = fromTo && versions.length > 1 ? versions[1] : versions[0];
                    String from = fromTo ? versions[0] : null;
                    changes.add(new HistoryEntry.PackageChange(action.toLowerCase(Locale.ROOT),
                            m.group(1).replaceFirst("^,\\s*", ""), m.group(2), version, from));
                }
            }
            entries.add(new HistoryEntry(Integer.toString(n), squeeze(stanza.get("Start-Date")),
                    squeeze(stanza.get("End-Date")), stanza.get("Commandline"), stanza.get("Requested-By"), changes));
        }
        return entries.reversed();
    }

    private static String squeeze(String date) {
        return date == null ? null : date.replaceAll("\\s+", " ");
    }
}
