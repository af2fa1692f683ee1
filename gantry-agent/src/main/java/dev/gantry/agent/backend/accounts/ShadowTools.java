package dev.gantry.agent.backend.accounts;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * The shadow tools (useradd, usermod, userdel, groupadd, groupmod, groupdel, chpasswd) run as the
 * agent's own user: the unit's CAP_DAC_OVERRIDE, CAP_CHOWN and CAP_FOWNER let them write /etc/passwd,
 * /etc/shadow, /etc/group, /etc/gshadow and create homes; none of them checks for uid 0 on Debian
 * (gpasswd does, so group members are set with groupmod -U instead).
 *
 * <p>Callers pass names already checked against the portable name rule; every tool still gets
 * {@code --} before the name, so nothing a caller sends can be read as an option. A password reaches
 * a tool only as a crypt(3) hash, on {@code chpasswd -e}'s standard input, never in an argument.
 */
public final class ShadowTools {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a program is run; tests record the argument vectors instead of running anything. */
    @FunctionalInterface
    public interface Runner {
        Command.Result run(List<String> argv, byte[] stdin);
    }

    private final Runner runner;

    public ShadowTools(Runner runner) {
        this.runner = runner;
    }

    public static ShadowTools host() {
        return new ShadowTools((argv, stdin) -> Command.run(argv, stdin, TIMEOUT));
    }

    /** The SHA-512 crypt(3) hash ({@code $6$} and a 16-character random salt) of a password. */
    public static String hash(String password) {
        StringBuilder salt = new StringBuilder("$6$");
        for (int i = 0; i < 16; i++) {
            salt.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
        }
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), salt.toString());
    }

    /** Options of a new or changed account; null fields are left out. */
    public record UserOptions(Long uid, String group, List<String> groups, String comment, String home,
                              String shell, String newName) {
    }

    public void useradd(String name, UserOptions o, boolean createHome) {
        List<String> argv = new ArrayList<>(List.of("useradd"));
        userOptions(argv, o);
        argv.add(createHome ? "-m" : "-M");
        argv.add("--");
        argv.add(name);
        run(argv, Map.of(3, 400, 4, 409, 6, 400, 9, 409));
    }

    /** Changes an account; {@code moveHome} moves the home's contents to the new home. */
    public void usermod(String name, UserOptions o, boolean moveHome) {
        List<String> argv = new ArrayList<>(List.of("usermod"));
        userOptions(argv, o);
        if (o.newName() != null) {
            argv.addAll(List.of("-l", o.newName()));
        }
        if (moveHome) {
            argv.add("-m");
        }
        if (argv.size() == 1) {
            return;
        }
        argv.add("--");
        argv.add(name);
        run(argv, Map.of(3, 400, 4, 409, 6, 404, 8, 409, 9, 409));
    }

    public void lock(String name) {
        run(List.of("usermod", "-L", "--", name), Map.of(6, 404));
    }

    public void unlock(String name) {
        run(List.of("usermod", "-U", "--", name), Map.of(6, 404));
    }

    public void userdel(String name, boolean removeHome) {
        List<String> argv = new ArrayList<>(List.of("userdel"));
        if (removeHome) {
            argv.add("-r");
        }
        argv.addAll(List.of("--", name));
        run(argv, Map.of(6, 404, 8, 409));
    }

    /** Sets a user's password to a crypt(3) hash: {@code name:hash} on chpasswd -e's standard input. */
    public void setPasswordHash(String name, String hash) {
        byte[] line = (name + ":" + hash + "\n").getBytes(StandardCharsets.UTF_8);
        Command.Result result = runner.run(List.of("chpasswd", "-e"), line);
        if (!result.ok()) {
            throw failure(result, Map.of());
        }
    }

    public void groupadd(String name, Long gid, List<String> members) {
        List<String> argv = new ArrayList<>(List.of("groupadd"));
        if (gid != null) {
            argv.addAll(List.of("-g", Long.toString(gid)));
        }
        if (!members.isEmpty()) {
            argv.addAll(List.of("-U", String.join(",", members)));
        }
        argv.addAll(List.of("--", name));
        run(argv, Map.of(3, 400, 4, 409, 9, 409));
    }

    /** Changes a group; {@code members}, when not null, replaces its member list (empty clears it). */
    public void groupmod(String name, String newName, Long gid, List<String> members) {
        List<String> argv = new ArrayList<>(List.of("groupmod"));
        if (gid != null) {
            argv.addAll(List.of("-g", Long.toString(gid)));
        }
        if (newName != null) {
            argv.addAll(List.of("-n", newName));
        }
        if (members != null) {
            argv.addAll(List.of("-U", String.join(",", members)));
        }
        if (argv.size() == 1) {
            return;
        }
        argv.addAll(List.of("--", name));
        run(argv, Map.of(3, 400, 4, 409, 6, 404, 9, 409));
    }

    public void groupdel(String name) {
        run(List.of("groupdel", "--", name), Map.of(6, 404, 8, 409));
    }

    private static void userOptions(List<String> argv, UserOptions o) {
        if (o.uid() != null) {
            argv.addAll(List.of("-u", Long.toString(o.uid())));
        }
        if (o.group() != null) {
            argv.addAll(List.of("-g", o.group()));
        }
        if (o.groups() != null) {
            argv.addAll(List.of("-G", String.join(",", o.groups())));
        }
        if (o.comment() != null) {
            argv.addAll(List.of("-c", o.comment()));
        }
        if (o.home() != null) {
            argv.addAll(List.of("-d", o.home()));
        }
        if (o.shell() != null) {
            argv.addAll(List.of("-s", o.shell()));
        }
    }

    private void run(List<String> argv, Map<Integer, Integer> statuses) {
        Command.Result result = runner.run(argv, new byte[0]);
        if (!result.ok()) {
            throw failure(result, statuses);
        }
    }

    /**
     * The tool's failure as a problem: the exit codes the shadow tools document (3 bad argument,
     * 4 id in use, 6 no such account, 8 in use/logged in, 9 name in use) map through {@code statuses};
     * anything else is a 500 naming the tool and its message.
     */
    private static ApiException failure(Command.Result result, Map<Integer, Integer> statuses) {
        String tool = result.argv().getFirst();
        String reason = tool + ": " + result.reason().replaceFirst("^" + tool + ":\\s*", "");
        Integer status = statuses.get(result.exitCode());
        if (status == null) {
            return new ApiException(500, "command-failed", tool + " failed",
                    reason + " (exit " + result.exitCode() + ")");
        }
        return switch (status) {
            case 400 -> ApiException.badRequest(reason);
            case 404 -> ApiException.notFound(reason);
            default -> ApiException.conflict(reason);
        };
    }
}
