package dev.gantry.agent.backend.packages;

import java.util.regex.Pattern;

/** A repository id as dnf and tdnf allow them in .repo sections, checked before it reaches a command line. */
public final class RepositoryIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private RepositoryIds() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
