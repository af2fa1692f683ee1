package dev.gantry.agent.network;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two small texts, line by line (longest common subsequence, three lines of
 * context), as {@code diff -u} prints it. Hand-written: no diff library is on the agent's classpath,
 * and .network files are a few dozen lines.
 */
final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    private record Op(char kind, String line, int oldNo, int newNo) {
    }

    /** The unified diff from {@code before} to {@code after} ("" when equal); null text is an absent file. */
    static String unified(String before, String after, String oldName, String newName) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i), i++, j++));
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a.get(i), i++, j));
            } else {
                ops.add(new Op('+', b.get(j), i, j++));
            }
        }
        if (ops.stream().allMatch(o -> o.kind() == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(before == null ? "/dev/null" : oldName).append('\n');
        out.append("+++ ").append(after == null ? "/dev/null" : newName).append('\n');
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k).kind() == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // Extend the hunk while the next change is within 2 * CONTEXT unchanged lines.
            int last = k;
            for (int x = k; x < ops.size(); x++) {
                if (ops.get(x).kind() != ' ') {
                    if (x - last > 2 * CONTEXT) {
                        break;
                    }
                    last = x;
                }
            }
            end = Math.min(ops.size(), last + CONTEXT + 1);
            int oldStart = ops.get(start).oldNo();
            int newStart = ops.get(start).newNo();
            int oldCount = 0;
            int newCount = 0;
            for (int x = start; x < end; x++) {
                char c = ops.get(x).kind();
                oldCount += c != '+' ? 1 : 0;
                newCount += c != '-' ? 1 : 0;
            }
            out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount))
                    .append(" @@\n");
            for (int x = start; x < end; x++) {
                out.append(ops.get(x).kind()).append(ops.get(x).line()).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    private static String range(int start, int count) {
        // diff -u: 1-based start; an empty range names the line before it.
        return (count == 0 ? start : start + 1) + (count == 1 ? "" : "," + count);
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(t.split("\n", -1));
    }
}
