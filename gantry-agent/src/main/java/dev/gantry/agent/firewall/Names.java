package dev.gantry.agent.firewall;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the firewall module lets through to nft. Names of tables, chains and sets go into nft
 * commands, so they are held to nft's identifier syntax; caller text that nft parses (a rule, a set
 * element, a comment) must stay one piece of one command.
 *
 * <p>nft ends a command at a newline or a {@code ;}, so text containing either (or any other control
 * character) is refused: it could smuggle in a second command, such as {@code flush ruleset} or
 * {@code include "/etc/shadow"}. A {@code #} needs no rule: it starts a comment that runs to the end
 * of the line, and the caller's text is always the end of its line. Element text additionally may not
 * hold {@code , { }}, which would end the element list it is placed in.
 */
final class Names {
    static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
    static final int MAX_NAME = 255;
    static final int MAX_TEXT = 4096;
    static final int MAX_COMMENT = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl};]");
    private static final Pattern ELEMENT_BREAK = Pattern.compile("[\\p{Cntrl};,{}]");

    private Names() {
    }

    static boolean isFamily(String family) {
        return family != null && FAMILIES.contains(family);
    }

    static boolean isName(String name) {
        return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }

    /** One piece of one command: no newline, no {@code ;}, no control character. */
    static boolean isCommandText(String text) {
        return text != null && !text.isBlank() && text.length() <= MAX_TEXT && !CONTROL.matcher(text).find();
    }

    static boolean isElement(String text) {
        return text != null && !text.isBlank() && text.length() <= MAX_TEXT && !ELEMENT_BREAK.matcher(text).find();
    }

    static boolean isComment(String text) {
        return text != null && text.length() <= MAX_COMMENT && text.indexOf('"') < 0
                && !CONTROL.matcher(text).find();
    }

    static void family(Violations v, String field, String family) {
        v.check(isFamily(family), field, "enum", "one of " + String.join(", ", sorted(FAMILIES)), family);
    }

    static void name(Violations v, String field, String name) {
        v.check(isName(name), field, "pattern",
                "1-" + MAX_NAME + " characters of A-Z a-z 0-9 _ . / -, not starting with a digit, dot, slash or dash",
                name);
    }

    /** A table's path parameters, checked before anything reaches nft: bad ones are a 400. */
    static void path(String family, String... names) {
        Violations v = new Violations();
        family(v, "family", family);
        for (String name : names) {
            name(v, "name", name);
        }
        v.throwIfAny();
    }

    static long handle(String text) {
        try {
            long handle = Long.parseLong(text);
            if (handle > 0) {
                return handle;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid("handle", "integer", "a rule handle is a positive whole number", text);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
