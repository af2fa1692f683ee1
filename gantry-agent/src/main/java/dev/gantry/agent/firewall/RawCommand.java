package dev.gantry.agent.firewall;

import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The arguments {@code POST /run} accepts: one nft command, with nft's output options in front.
 *
 * <p>The agent holds CAP_DAC_OVERRIDE, so nft run by it can read any file: options that make nft
 * read one ({@code -f}, {@code -I}, {@code -i}, {@code -D}) and nft's {@code include} statement are
 * refused, since nft quotes what it failed to parse back in its error, which the caller sees. Any
 * argument starting with {@code -} must be one of the output options below (nft's getopt also takes
 * options after the command words). {@code ;} and newlines would start a second command.
 */
final class RawCommand {
    static final int MAX_ARGS = 256;
    /** Output and checking options: these change what nft prints, or make it only check. */
    static final Set<String> LONG_OPTIONS = Set.of("--json", "--handle", "--numeric", "--stateless", "--terse",
            "--check", "--echo", "--numeric-priority", "--numeric-protocol", "--numeric-time", "--service",
            "--reversedns", "--version", "--");
    private static final Pattern SHORT_OPTIONS = Pattern.compile("-[jansctepyTSNv]+");
    private static final Pattern BREAK = Pattern.compile("[\\p{Cntrl};]");
    private static final Pattern INCLUDE = Pattern.compile("(?i)(^|[^A-Za-z0-9_])include([^A-Za-z0-9_]|$)");

    private RawCommand() {
    }

    static void check(Violations v, List<String> args) {
        if (!v.check(!args.isEmpty() && args.size() <= MAX_ARGS, "args", "size",
                "1-" + MAX_ARGS + " arguments, e.g. [\"-j\", \"list\", \"tables\"]", args.size())) {
            return;
        }
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String field = "args[" + i + "]";
            if (arg == null || arg.isEmpty() || arg.length() > Names.MAX_TEXT) {
                v.add(field, "size", "an argument is 1-" + Names.MAX_TEXT + " characters", arg);
                continue;
            }
            if (BREAK.matcher(arg).find()) {
                v.add(field, "pattern", "one command only: no ';', newlines or control characters", arg);
            } else if (INCLUDE.matcher(arg).find()) {
                v.add(field, "forbidden", "include would make nft read files with the agent's privilege", arg);
            } else if (options && arg.startsWith("-")) {
                if (arg.equals("--")) {
                    options = false;
                } else if (!LONG_OPTIONS.contains(arg) && !SHORT_OPTIONS.matcher(arg).matches()) {
                    v.add(field, "forbidden", "only output options: -j -a -n -s -t -c -e -y -p -T -S -N and their "
                            + "long forms; -f, -i, -I and -D are refused", arg);
                }
            }
        }
    }
}
