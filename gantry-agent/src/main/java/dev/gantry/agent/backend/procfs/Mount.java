package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of {@code /proc/self/mountinfo} (proc(5)): what the reading process sees mounted. Octal
 * escapes ({@code \040} for a space) in paths are decoded.
 */
public record Mount(int id, int parentId, int major, int minor, String root, String mountPoint, String options,
                    String fsType, String source, String superOptions) {

    public static List<Mount> read(Path root) {
        return parse(ProcText.readToEnd(root.resolve("proc/self/mountinfo")));
    }

    public static List<Mount> parse(byte[] text) {
        ProcText t = new ProcText(text);
        List<Mount> mounts = new ArrayList<>();
        while (!t.atEnd()) {
            long id = t.number(-1);
            long parent = t.number(-1);
            String dev = t.word();
            int colon = dev.indexOf(':');
            long major = colon > 0 ? Pids.parse(dev.substring(0, colon)) : -1;
            long minor = colon > 0 ? Pids.parse(dev.substring(colon + 1)) : -1;
            String fsRoot = unescape(t.word());
            String point = unescape(t.word());
            String options = t.word();
            // Optional fields up to the lone "-".
            String w = t.word();
            while (!w.isEmpty() && !w.equals("-")) {
                w = t.word();
            }
            String type = t.word();
            String source = unescape(t.word());
            String superOptions = t.word();
            t.nextLine();
            if (id < 0 || parent < 0 || major < 0 || minor < 0 || point.isEmpty() || !w.equals("-") || type.isEmpty()) {
                continue;
            }
            mounts.add(new Mount((int) id, (int) parent, (int) major, (int) minor, fsRoot, point, options, type, source,
                    superOptions));
        }
        return mounts;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    public boolean readOnly() {
        return options.equals("ro") || options.startsWith("ro,");
    }
}
