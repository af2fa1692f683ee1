package dev.gantry.agent.backend.procfs;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads a whole /proc or /sys file with open(2), read(2) into the Java array and close(2), through
 * critical FFM downcalls. Compared with {@code Files.readAllBytes} it saves the fstat and the NIO
 * channel objects, and a virtual thread does not go through the blocking-I/O compensation of the
 * carrier pool: a /proc read is a copy out of kernel memory, over in microseconds, so holding the
 * carrier for it is cheaper than handing it off.
 *
 * <p>Returns null when the file cannot be opened or read, so that the caller can take the ordinary
 * path and get the precise exception (NoSuchFileException, AccessDeniedException).
 */
final class NativeFiles {
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /** Per-process files (stat, status, io) are well under this; bigger files grow the buffer. */
    private static final int FIRST_BUFFER = 1024;
    private static final MethodHandle OPEN;
    private static final MethodHandle READ;
    private static final MethodHandle CLOSE;
    private static final MethodHandle PREAD;
    private static final MethodHandle STAT;
    /** Offset of st_uid in struct stat: 28 on x86-64, 24 on arm64 (asm-generic); -1 elsewhere. */
    private static final long ST_UID_OFFSET = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> 28;
        case "aarch64", "riscv64" -> 24;
        default -> -1;
    };
    private static final int STAT_SIZE = 256;
    private static final boolean AVAILABLE;
    /** Open descriptors kept per path for {@link #readReusing}; at most this many each. */
    static final int POOLED_PER_PATH = 4;
    private static final ConcurrentHashMap<String, ConcurrentLinkedQueue<Integer>> POOLS = new ConcurrentHashMap<>();

    static {
        MethodHandle open = null;
        MethodHandle read = null;
        MethodHandle close = null;
        MethodHandle pread = null;
        MethodHandle stat = null;
        boolean ok;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option critical = Linker.Option.critical(true);
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), critical);
            read = linker.downcallHandle(libc.find("read").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG), critical);
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), critical);
            pread = linker.downcallHandle(libc.find("pread").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), critical);
            stat = linker.downcallHandle(libc.find("stat").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), critical);
            ok = true;
        } catch (Throwable e) {
            // No native access (a JVM started without --enable-native-access): the NIO path serves.
            ok = false;
        }
        OPEN = open;
        READ = read;
        CLOSE = close;
        PREAD = pread;
        STAT = stat;
        AVAILABLE = ok;
    }

    private NativeFiles() {
    }

    /**
     * The file's bytes, or null if it could not be opened or read natively. A read(2) that returns
     * less than it was asked for, and fewer than {@code eofBelow} bytes, is taken as the end of the
     * file, saving the read(2) that would return 0. That holds for seq_file files whose records are at
     * most {@code 4096 - eofBelow} bytes: seq_file stops a read short of the caller's buffer only at
     * the end or when its own buffer (a page or more) cannot take the next record, and then that read
     * has copied more than a page minus one record. Files with longer records (cpuinfo,
     * mountinfo) and non-seq files (cmdline) pass 0: read until read(2) returns 0.
     */
    static byte[] readAll(String path, int eofBelow) {
        if (!AVAILABLE) {
            return null;
        }
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        byte[] cPath = Arrays.copyOf(name, name.length + 1);
        try {
            int fd = (int) OPEN.invokeExact(MemorySegment.ofArray(cPath), O_RDONLY_CLOEXEC);
            if (fd < 0) {
                return null;
            }
            try {
                byte[] buf = new byte[FIRST_BUFFER];
                int len = 0;
                while (true) {
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    long want = buf.length - len;
                    long n = (long) READ.invokeExact(fd, MemorySegment.ofArray(buf).asSlice(len), want);
                    if (n < 0) {
                        return null;
                    }
                    if (n == 0) {
                        return Arrays.copyOf(buf, len);
                    }
                    len += (int) n;
                    if (n < want && n < eofBelow) {
                        return Arrays.copyOf(buf, len);
                    }
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * As {@link #readAll}, on a descriptor kept open for the next call: pread(2) at offset 0 makes a
     * /proc seq_file run its show function again, so the content is as fresh as after a new open
     * (procps reads /proc/meminfo the same way), for one system call instead of three. Each
     * descriptor serves one reader at a time (seq_file serialises readers of one open file), so the
     * pool grows to {@link #POOLED_PER_PATH} descriptors under concurrency and closes any beyond.
     * Only for fixed system files (/proc/meminfo, /proc/net/arp): never per-process files, whose
     * descriptor would pin one process's entry.
     */
    static byte[] readReusing(String path, int eofBelow) {
        if (!AVAILABLE) {
            return null;
        }
        ConcurrentLinkedQueue<Integer> pool = POOLS.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        Integer pooled = pool.poll();
        int fd;
        try {
            if (pooled != null) {
                fd = pooled;
            } else {
                byte[] name = path.getBytes(StandardCharsets.UTF_8);
                fd = (int) OPEN.invokeExact(MemorySegment.ofArray(Arrays.copyOf(name, name.length + 1)),
                        O_RDONLY_CLOEXEC);
                if (fd < 0) {
                    return null;
                }
            }
        } catch (Throwable e) {
            return null;
        }
        byte[] result = null;
        try {
            byte[] buf = new byte[4096];
            int len = 0;
            while (true) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                long want = buf.length - len;
                long n = (long) PREAD.invokeExact(fd, MemorySegment.ofArray(buf).asSlice(len), want, (long) len);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    result = Arrays.copyOf(buf, len);
                    break;
                }
                len += (int) n;
                if (n < want && n < eofBelow) {
                    result = Arrays.copyOf(buf, len);
                    break;
                }
            }
        } catch (Throwable e) {
            result = null;
        }
        if (result != null && pool.size() < POOLED_PER_PATH) {
            pool.offer(fd);
        } else {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable e) {
                // nothing left to do with it
            }
        }
        return result;
    }

    /** The owner uid of {@code path} by stat(2), or -1 if unknown (gone, or no native access here). */
    static int ownerUid(String path) {
        if (!AVAILABLE || ST_UID_OFFSET < 0) {
            return -1;
        }
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        byte[] st = new byte[STAT_SIZE];
        try {
            int rc = (int) STAT.invokeExact(MemorySegment.ofArray(Arrays.copyOf(name, name.length + 1)),
                    MemorySegment.ofArray(st));
            if (rc != 0) {
                return -1;
            }
        } catch (Throwable e) {
            return -1;
        }
        int o = (int) ST_UID_OFFSET;
        return (st[o] & 0xff) | (st[o + 1] & 0xff) << 8 | (st[o + 2] & 0xff) << 16 | (st[o + 3] & 0xff) << 24;
    }
}
