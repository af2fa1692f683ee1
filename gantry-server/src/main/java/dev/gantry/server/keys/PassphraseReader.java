package dev.gantry.server.keys;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Where a passphrase comes from: a file, a variable of the environment, or the terminal. */
@FunctionalInterface
public interface PassphraseReader {
    String VARIABLE = "GANTRY_SERVER_PASSPHRASE";

    /**
     * The passphrase; the caller clears the array when done.
     *
     * @param purpose  what it is for, in the prompt and in errors ("the master key passphrase")
     * @param creating a new passphrase: a terminal asks twice
     */
    char[] read(String purpose, boolean creating);

    /** The first line of {@code file}, else {@code variable} in {@code env}, else a prompt on {@code console}. */
    static PassphraseReader standard(Optional<Path> file, String variable, Map<String, String> env,
                                     Optional<Console> console) {
        return (purpose, creating) -> {
            if (file.isPresent()) {
                return fromFile(file.get(), purpose);
            }
            String value = env.get(variable);
            if (value != null && !value.isEmpty()) {
                return value.toCharArray();
            }
            if (console.isPresent()) {
                return prompt(console.get(), purpose, creating);
            }
            throw new KeyException("no " + purpose + ": give a passphrase file, set " + variable
                    + ", or start on a terminal to be asked");
        };
    }

    private static char[] fromFile(Path file, String purpose) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new KeyException(file + " holds no " + purpose + " (its first line is empty)");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new KeyException("cannot read " + purpose + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private static char[] prompt(Console console, String purpose, boolean creating) {
        char[] first = console.readPassword("Enter %s: ", purpose);
        if (first == null || first.length == 0) {
            throw new KeyException("no " + purpose + " was entered");
        }
        if (creating) {
            char[] again = console.readPassword("Enter %s again: ", purpose);
            boolean same = Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new KeyException("the two entries of the " + purpose + " differ");
            }
        }
        return first;
    }
}
