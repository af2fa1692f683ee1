package dev.gantry.agent.accounts;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks account input passes before anything runs: names, texts, paths, ids, passwords. */
final class Checks {
    /** POSIX's portable user name with the customary trailing {@code $} of machine accounts; never a leading '-'. */
    static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]*\\$?");
    static final int MAX_NAME = 32;
    static final int MAX_TEXT = 255;
    static final int MAX_PATH = 4096;
    static final int MAX_PASSWORD = 4096;
    static final long MAX_ID = 4294967294L;
    /** A crypt(3) hash: {@code $id$...} in the characters crypt uses; no ':' or newline can reach chpasswd. */
    static final Pattern HASH = Pattern.compile("\\$[0-9a-z]{1,3}\\$[./0-9A-Za-z$=,]{1,512}");
    static final String NAME_RULE = "1-" + MAX_NAME + " characters: a-z, 0-9, '_' and '-', starting with a letter "
            + "or '_', optionally ending in '$'";

    private Checks() {
    }

    static boolean isName(String name) {
        return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }

    /** A path parameter that must be a name: 400 naming {@code field} otherwise. */
    static String name(String name, String field) {
        if (!isName(name)) {
            throw ApiException.invalid(field, "name", NAME_RULE, name);
        }
        return name;
    }

    static void name(Violations v, String field, String name, boolean required) {
        if (name == null) {
            v.check(!required, field, "required", "required", null);
            return;
        }
        v.check(isName(name), field, "name", NAME_RULE, name);
    }

    static void names(Violations v, String field, List<String> names) {
        if (names == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (v.check(isName(n), field + "[" + i + "]", "name", NAME_RULE, n)) {
                v.check(seen.add(n), field + "[" + i + "]", "duplicate", "named twice", n);
            }
        }
    }

    /** A field of /etc/passwd: no ':' (the separator), no newline or NUL, at most 255 characters. */
    static void text(Violations v, String field, String text) {
        if (text != null) {
            v.check(text.length() <= MAX_TEXT && text.chars().noneMatch(c -> c == ':' || c == '\n' || c == '\r' || c == 0),
                    field, "text", "at most " + MAX_TEXT + " characters, without ':', newlines or NUL", text);
        }
    }

    /** An absolute, normalised path fit for /etc/passwd. */
    static void path(Violations v, String field, String path) {
        if (path == null) {
            return;
        }
        boolean ok = path.startsWith("/") && path.length() <= MAX_PATH
                && path.chars().noneMatch(c -> c == ':' || c == '\n' || c == '\r' || c == 0 || c == ',');
        if (ok) {
            ok = Path.of(path).normalize().toString().equals(path);
        }
        v.check(ok, field, "path", "an absolute, normalised path without ':', ',' or newlines", path);
    }

    static void id(Violations v, String field, Long id) {
        if (id != null) {
            v.check(id >= 0 && id <= MAX_ID, field, "range", "from 0 to " + MAX_ID, id);
        }
    }

    /** A plain password or a hash, not both; neither is ever echoed in a problem. */
    static void password(Violations v, String password, String passwordHash) {
        if (password != null && passwordHash != null) {
            v.add("password", "exclusive", "give password or passwordHash, not both", null);
        }
        if (password != null) {
            v.check(!password.isEmpty() && password.length() <= MAX_PASSWORD && password.indexOf('\0') < 0,
                    "password", "password", "1-" + MAX_PASSWORD + " characters, no NUL", null);
        }
        if (passwordHash != null) {
            v.check(HASH.matcher(passwordHash).matches(), "passwordHash", "crypt",
                    "a crypt(3) hash such as $6$salt$hash (openssl passwd -6)", null);
        }
    }
}
