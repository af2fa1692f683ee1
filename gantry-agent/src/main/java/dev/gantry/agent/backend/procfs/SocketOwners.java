package dev.gantry.agent.backend.procfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which process holds each socket, from the {@code socket:[inode]} links under {@code /proc/<pid>/fd}.
 * A process whose fd directory the caller may not read (another user's, without CAP_SYS_PTRACE)
 * contributes nothing, so the map holds only what was readable. Where several processes share a
 * socket (after fork), the lowest pid wins.
 */
public final class SocketOwners {
    private SocketOwners() {
    }

    /** Socket inode → pid for every process under {@code root/proc}. */
    public static Map<Long, Integer> read(Path root) {
        Map<Long, Integer> owners = new HashMap<>();
        Path proc = root.resolve("proc");
        for (int pid : Pids.list(proc)) {
            addSocketsOf(proc.resolve(Integer.toString(pid)).resolve("fd"), pid, owners);
        }
        return owners;
    }

    /** The socket inodes one process holds, or nothing if its fds cannot be read. */
    public static Map<Long, Integer> of(Path root, int pid) {
        Map<Long, Integer> owners = new HashMap<>();
        addSocketsOf(root.resolve("proc").resolve(Integer.toString(pid)).resolve("fd"), pid, owners);
        return owners;
    }

    private static void addSocketsOf(Path fdDir, int pid, Map<Long, Integer> owners) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                long inode = socketInode(fd);
                if (inode == UNREADABLE) {
                    return; // one refused link: all of them are (ptrace access is per process)
                }
                if (inode >= 0) {
                    owners.merge(inode, pid, Math::min);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not ours to read, or the process ended: it owns nothing we can see.
        }
    }

    private static final long UNREADABLE = -2;

    /** The inode of a {@code socket:[123]} link, -1 for other links and links gone, -2 if refused. */
    static long socketInode(Path fd) {
        String target;
        try {
            target = Files.readSymbolicLink(fd).toString();
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        } catch (IOException | UnsupportedOperationException e) {
            return UNREADABLE;
        }
        if (!target.startsWith("socket:[") || !target.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(target, 8, target.length() - 1, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
