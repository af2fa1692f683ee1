package dev.gantry.agent.backend.procfs;

import java.io.IOException;
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
 * natively ({@link NativeFiles}) where possible, else with {@link Files#readAllBytes}. Text is ASCII apart from names (process comm,
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

    /** The whole file; an {@link UncheckedIOException} wrapping the {@link IOException} if it cannot be read. */
    public static byte[] read(Path file) {
        byte[] fast = NativeFiles.readAll(file.toString());
        if (fast != null) {
            return fast;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole file, or empty if it does not exist or cannot be read (a vanished process, a missing sysfs attribute). */
    public static Optional<byte[]> readIfPresent(Path file) {
        byte[] fast = NativeFiles.readAll(file.toString());
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
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
