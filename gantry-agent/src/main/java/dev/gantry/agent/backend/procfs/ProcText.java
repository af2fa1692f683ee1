package dev.gantry.agent.backend.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cursor over the bytes of one /proc or /sys file, for hand parsing without regular expressions or
 * per-line string splitting. Not thread-safe: one cursor per read.
 *
 * <p>/proc files report a size of 0, so they are read until end of file whatever the size says:
 * natively ({@link NativeFiles}) where possible, else with {@link #readChunked}. Text is ASCII apart from names (process comm,
 * interface names), decoded as UTF-8.
 */
public final class ProcText {
    private final byte[] bytes;
    private final int end;
    private int pos;

    public ProcText(byte[] bytes) {
        this.bytes = bytes;
        this.end = bytes.length;
    }

    /**
     * A short read below this many bytes ends a file: true of /proc's one-shot files (meminfo, stat,
     * status, loadavg, snmp), of sysfs attributes, and of seq_file files whose lines are at most 512
     * bytes (net/*, diskstats, partitions, vmstat, modules). See {@link NativeFiles#readAll}.
     */
    static final int SHORT_RECORDS_EOF = 4096 - 512;

    /** The whole file; an {@link UncheckedIOException} wrapping the {@link IOException} if it cannot be read. */
    public static byte[] read(Path file) {
        return read(file, SHORT_RECORDS_EOF);
    }

    /** The whole file, reading until read(2) returns 0: for files with long lines (cpuinfo, mountinfo). */
    public static byte[] readToEnd(Path file) {
        return read(file, 0);
    }

    private static byte[] read(Path file, int eofBelow) {
        byte[] fast = nativeRead(file.toString(), eofBelow);
        if (fast != null) {
            return fast;
        }
        try {
            return readChunked(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole file, or empty if it does not exist or cannot be read (a vanished process, a missing sysfs attribute). */
    public static Optional<byte[]> readIfPresent(Path file) {
        return readIfPresent(file, SHORT_RECORDS_EOF);
    }

    /** As {@link #readIfPresent(Path)}, reading until read(2) returns 0 (cmdline, long lines). */
    public static Optional<byte[]> readToEndIfPresent(Path file) {
        return readIfPresent(file, 0);
    }

    private static Optional<byte[]> readIfPresent(Path file, int eofBelow) {
        byte[] fast = nativeRead(file.toString(), eofBelow);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(readChunked(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Fixed system files under /proc (not /proc/<pid>/...) are read on a kept descriptor with pread at
     * offset 0, which regenerates them; everything else is opened afresh.
     */
    private static byte[] nativeRead(String path, int eofBelow) {
        if (path.startsWith("/proc/") && path.length() > 6 && !Character.isDigit(path.charAt(6))
                && !path.startsWith("/proc/sys/")) {
            return NativeFiles.readReusing(path, eofBelow);
        }
        return NativeFiles.readAll(path, eofBelow);
    }

    /**
     * Reads to end of file, the first read asking for a whole buffer. Not {@link Files#readAllBytes}:
     * for a file whose size reads 0 it reads ONE byte first and the rest from offset 1, and the kernel's
     * sysctl handlers answer any read at a non-zero offset with end of file ("60" would read as "6").
     */
    public static byte[] readChunked(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[8192];
            int len = 0;
            int n;
            while ((n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return java.util.Arrays.copyOf(buf, len);
        }
    }

    /** The first line of a small file (a sysfs attribute) without its newline, or empty if unreadable. */
    public static Optional<String> readLine(Path file) {
        return readIfPresent(file).map(b -> {
            int n = b.length;
            while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == ' ')) {
                n--;
            }
            int nl = indexOf(b, (byte) '\n', 0, n);
            return new String(b, 0, nl < 0 ? n : nl, StandardCharsets.UTF_8);
        });
    }

    static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int position() {
        return pos;
    }

    public void position(int position) {
        this.pos = position;
    }

    /** Whether the cursor is at the end of a line (or of the text). */
    public boolean atEol() {
        return pos >= end || bytes[pos] == '\n';
    }

    /** Moves past the next newline. */
    public void nextLine() {
        while (pos < end && bytes[pos] != '\n') {
            pos++;
        }
        if (pos < end) {
            pos++;
        }
    }

    /** Skips spaces and tabs, never a newline. */
    public void skipBlanks() {
        while (pos < end && (bytes[pos] == ' ' || bytes[pos] == '\t')) {
            pos++;
        }
    }

    /** Skips {@code n} bytes (bounded by the end of the text). */
    public void skip(int n) {
        pos = Math.min(end, pos + n);
    }

    /** Whether the line at the cursor starts with {@code prefix} (ASCII). */
    public boolean startsWith(String prefix) {
        int n = prefix.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[pos + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The next blank-separated word on this line, or the empty string at the end of the line. */
    public String word() {
        skipBlanks();
        int start = pos;
        while (pos < end && bytes[pos] != ' ' && bytes[pos] != '\t' && bytes[pos] != '\n') {
            pos++;
        }
        return new String(bytes, start, pos - start, StandardCharsets.UTF_8);
    }

    /** Text up to (not including) {@code stop} or the end of the line; the cursor stops on {@code stop}. */
    public String until(char stop) {
        int start = pos;
        while (pos < end && bytes[pos] != stop && bytes[pos] != '\n') {
            pos++;
        }
        return new String(bytes, start, pos - start, StandardCharsets.UTF_8);
    }

    /** The rest of the line, blanks at both ends removed; the cursor moves to the next line. */
    public String restOfLine() {
        skipBlanks();
        int start = pos;
        while (pos < end && bytes[pos] != '\n') {
            pos++;
        }
        int stop = pos;
        while (stop > start && (bytes[stop - 1] == ' ' || bytes[stop - 1] == '\t')) {
            stop--;
        }
        nextLine();
        return new String(bytes, start, stop - start, StandardCharsets.UTF_8);
    }

    /** If the next byte is {@code c}, moves past it and answers true. */
    public boolean accept(char c) {
        if (pos < end && bytes[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * The next unsigned decimal number on this line after blanks, or {@code missing} when the line has no
     * more words or the word is not a number (the word is skipped). Saturates at {@link Long#MAX_VALUE}.
     */
    public long number(long missing) {
        skipBlanks();
        if (atEol()) {
            return missing;
        }
        boolean negative = accept('-');
        int start = pos;
        long value = 0;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9') {
            int digit = bytes[pos] - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
            pos++;
        }
        if (pos == start || (pos < end && bytes[pos] != ' ' && bytes[pos] != '\t' && bytes[pos] != '\n')) {
            while (pos < end && bytes[pos] != ' ' && bytes[pos] != '\t' && bytes[pos] != '\n') {
                pos++;
            }
            return missing;
        }
        return negative ? -value : value;
    }

    /** The next hexadecimal number (no prefix), stopping at the first non-hex byte; {@code missing} if none. */
    public long hex(long missing) {
        int start = pos;
        long value = 0;
        while (pos < end) {
            int d = Character.digit(bytes[pos], 16);
            if (d < 0) {
                break;
            }
            value = (value << 4) | d;
            pos++;
        }
        return pos == start ? missing : value;
    }

    /** The next decimal number with an optional fraction ({@code 0.52}, {@code 12345.67}); NaN if none. */
    public double decimal() {
        skipBlanks();
        int start = pos;
        while (pos < end && bytes[pos] != ' ' && bytes[pos] != '\t' && bytes[pos] != '\n') {
            pos++;
        }
        if (pos == start) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(new String(bytes, start, pos - start, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The raw bytes (for parsers that need a look-ahead). */
    byte[] bytes() {
        return bytes;
    }

    int end() {
        return end;
    }
}
