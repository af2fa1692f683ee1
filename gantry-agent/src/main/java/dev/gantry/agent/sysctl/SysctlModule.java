package dev.gantry.agent.sysctl;

import dev.gantry.agent.backend.sysctl.Sysctl;
import dev.gantry.agent.backend.sysctl.SysctlFiles;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Problem;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /api/v1/sysctl}: the kernel's tunables now ({@code /proc/sys}, through {@link Sysctl}) and
 * as set at boot ({@code /etc/sysctl.d}, through {@link SysctlFiles}).
 */
public final class SysctlModule implements ApiModule {
    static final int MAX_PATTERN = 256;
    static final int MAX_FILES = 64;

    private final Sysctl sysctl;
    private final SysctlFiles files;

    public SysctlModule(Sysctl sysctl, SysctlFiles files) {
        this.sysctl = sysctl;
        this.files = files;
    }

    /** A key and its current value, as listed. */
    public record SysctlValue(String key, String value) {
    }

    /** Where a key is set for boot: file, line and value. */
    public record Persisted(String file, int line, String value) {
    }

    /**
     * A key in detail: its current value (absent for a write-only key) and every boot file setting it,
     * in the order systemd-sysctl applies them (the last one wins).
     */
    public record SysctlSetting(String key, String value, List<Persisted> persisted) {
        public SysctlSetting {
            persisted = List.copyOf(persisted);
        }
    }

    /** Body of {@code PUT /sysctl/{key}}. */
    public record SetSysctl(String value, Boolean persist, String file) implements Validated {
        /** Whether to persist; absent means no. */
        boolean persistent() {
            return Boolean.TRUE.equals(persist);
        }

        @Override
        public void validate(Violations v) {
            v.check(value != null && value.length() <= 4096 && value.indexOf('\0') < 0
                            && value.indexOf('\n') < 0 && value.indexOf('\r') < 0,
                    "value", "value", "a sysctl value is one line of at most 4096 characters", value);
            v.check(file == null || persistent(), "file", "needs-persist",
                    "a file applies only to a persisted setting (persist: true)", file);
        }
    }

    /** Body of {@code POST /sysctl/load}. */
    public record LoadFiles(List<String> files) implements Validated {
        public LoadFiles {
            files = files == null ? List.of() : List.copyOf(files);
        }

        @Override
        public void validate(Violations v) {
            v.check(!files.isEmpty() && files.size() <= MAX_FILES, "files", "size",
                    "from 1 to " + MAX_FILES + " files", files.size());
        }
    }

    /** One setting a load applied, or (in {@code ignored}) one that failed on a line marked with {@code -}. */
    public record LoadedSetting(String file, int line, String key, String value, String error) {
    }

    /** What {@code POST /sysctl/load} did. */
    public record LoadResult(List<LoadedSetting> applied, List<LoadedSetting> ignored) {
        public LoadResult {
            applied = List.copyOf(applied);
            ignored = List.copyOf(ignored);
        }
    }

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public String description() {
        return "Kernel tunables: current values in /proc/sys and persisted settings in /etc/sysctl.d";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/sysctl").summary("List the kernel's tunables and their current values")
                .returnsListOf(SysctlValue.class)
                .query("pattern", String.class, "only keys in which this regular expression (Java syntax) finds a match")
                .handle(req -> {
                    Predicate<String> filter = req.query("pattern").map(SysctlModule::pattern)
                            .<Predicate<String>>map(p -> k -> p.matcher(k).find()).orElse(k -> true);
                    return sysctl.all(filter).entrySet().stream()
                            .map(e -> new SysctlValue(e.getKey(), e.getValue())).toList();
                });
        routes.get("/sysctl/{key}").summary("Show a tunable: its current value and the boot files that set it")
                .returns(SysctlSetting.class)
                .handle(req -> setting(req.param("key")));
        routes.put("/sysctl/{key}").summary("Set a tunable now, and for boot with persist")
                .description("Writes /proc/sys at once. With persist the setting also goes to /etc/sysctl.d/"
                        + SysctlFiles.DEFAULT_FILE + " (or the file named), keeping the file's other lines. The "
                        + "kernel's refusal is a 400 and nothing is persisted; a key that cannot change on this "
                        + "host (read-only /proc/sys) is a 409.")
                .body(SetSysctl.class).returns(SysctlSetting.class)
                .handle(req -> {
                    String key = req.param("key");
                    SetSysctl body = req.body(SetSysctl.class);
                    Sysctl.relativePath(key, "key");
                    Path file = body.persistent()
                            ? files.persistFile(body.file() == null ? SysctlFiles.DEFAULT_FILE : body.file(), "file")
                            : null;
                    sysctl.write(key, body.value());
                    if (file != null) {
                        files.persist(file, key, body.value());
                    }
                    return setting(key);
                });
        routes.delete("/sysctl/{key}").summary("Remove a persisted setting from the agent's files in /etc/sysctl.d")
                .description("Removes the key from every file the agent manages in /etc/sysctl.d (or only from "
                        + "?file=). The current value stays until the next boot or load. 404 when no such file "
                        + "sets the key.")
                .query("file", String.class, "only this file in /etc/sysctl.d")
                .handle(req -> {
                    String key = req.param("key");
                    Sysctl.relativePath(key, "key");
                    Optional<Path> only = req.query("file").map(f -> files.persistFile(f, "file"));
                    List<Path> changed = files.remove(key, only);
                    if (changed.isEmpty()) {
                        throw ApiException.notFound("no file the agent manages in /etc/sysctl.d sets " + key);
                    }
                    return null;
                });
        routes.post("/sysctl/load").summary("Apply the settings of sysctl configuration files now")
                .description("Applies each file's settings in order, as systemd-sysctl would (globs in keys are "
                        + "expanded; a failure on a line starting with '-' is ignored and reported). Settings "
                        + "that fail otherwise make the answer a 422 naming each; the others are applied all the same.")
                .body(LoadFiles.class).returns(LoadResult.class)
                .handle(req -> load(req.body(LoadFiles.class)));
    }

    static Pattern pattern(String text) {
        if (text.length() > MAX_PATTERN) {
            throw ApiException.invalid("pattern", "size", "at most " + MAX_PATTERN + " characters", text);
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw ApiException.invalid("pattern", "regex", "not a regular expression: " + e.getDescription(), text);
        }
    }

    private SysctlSetting setting(String key) {
        Optional<String> value = sysctl.read(key);
        List<Persisted> persisted = files.entriesFor(key).stream()
                .map(e -> new Persisted(files.displayName(e.file()), e.line(), e.value())).toList();
        return new SysctlSetting(key, value.orElse(null), persisted);
    }

    private LoadResult load(LoadFiles body) {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < body.files().size(); i++) {
            paths.add(files.loadFile(body.files().get(i), "files[" + i + "]"));
        }
        List<LoadedSetting> applied = new ArrayList<>();
        List<LoadedSetting> ignored = new ArrayList<>();
        List<Problem.FieldError> failed = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String field = "files[" + i + "]";
            String name = files.displayName(paths.get(i));
            for (SysctlFiles.Entry entry : files.parse(paths.get(i))) {
                for (String key : expand(entry.key())) {
                    try {
                        sysctl.write(key, entry.value());
                        applied.add(new LoadedSetting(name, entry.line(), key, entry.value(), null));
                    } catch (ApiException e) {
                        if (entry.ignoreErrors()) {
                            ignored.add(new LoadedSetting(name, entry.line(), key, entry.value(), e.getMessage()));
                        } else {
                            failed.add(new Problem.FieldError(field, "not-applied",
                                    name + " line " + entry.line() + ": " + e.getMessage(), key + " = " + entry.value()));
                        }
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new ApiException(422, "not-applied", "Settings not applied",
                    failed.size() + " setting(s) failed; " + applied.size() + " other(s) were applied",
                    failed, Map.of());
        }
        return new LoadResult(applied, ignored);
    }

    /** A key as it is, or the existing keys a glob ({@code *}, {@code ?}) matches. */
    private List<String> expand(String key) {
        if (key.indexOf('*') < 0 && key.indexOf('?') < 0) {
            return List.of(key);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : key.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        Pattern glob = Pattern.compile(regex.toString());
        return List.copyOf(sysctl.all(k -> glob.matcher(k).matches()).keySet());
    }
}
