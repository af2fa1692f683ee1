package dev.gantry.agent.backend.packages;

import java.util.regex.Pattern;

/**
 * What the agent accepts as a package name (or spec) before it reaches a package manager's command
 * line: a letter or digit first (so never an option like {@code -o} or {@code --reinstall}), then
 * letters, digits and {@code . + _ - : ~ =} only: no whitespace, no shell or glob characters, no slash.
 * This covers Debian names with an architecture or version ({@code libc6:amd64}, {@code hello=2.10-3})
 * and RPM names and NEVRAs ({@code python3-libs-3.11.4-1.fc39.x86_64}, {@code perl-Time-HiRes}).
 */
public final class PackageNames {
    public static final int MAX_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_:~=-]*");
    /** Search terms: the same, with no first-character rule beyond "not a dash". */
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9._+][A-Za-z0-9.+_:~=-]*");

    private PackageNames() {
    }

    public static boolean valid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    public static boolean validTerm(String term) {
        return term != null && term.length() <= MAX_LENGTH && TERM.matcher(term).matches();
    }

    public static String rule() {
        return "a letter or digit, then letters, digits and . + _ - : ~ = (at most " + MAX_LENGTH + ")";
    }
}
