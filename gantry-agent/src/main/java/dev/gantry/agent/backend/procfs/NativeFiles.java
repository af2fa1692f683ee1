package dev.gantry.agent.backend.procfs;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    private static final MethodHandle OPEN;
    private static final MethodHandle READ;
    private static final MethodHandle CLOSE;
    private static final boolean AVAILABLE;

    static {
        MethodHandle open = null;
        MethodHandle read = null;
        MethodHandle close = null;
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
            ok = true;
        } catch (Throwable e) {
            // No native access (a JVM started without --enable-native-access): the NIO path serves.
            ok = false;
        }
        OPEN = open;
        READ = read;
        CLOSE = close;
        AVAILABLE = ok;
    }

    private NativeFiles() {
    }

    /** The file's bytes, or null if it could not be opened or read natively. */
    static byte[] readAll(String path) {
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
                byte[] buf = new byte[4096];
                int len = 0;
                while (true) {
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    long n = (long) READ.invokeExact(fd, MemorySegment.ofArray(buf).asSlice(len),
                            (long) (buf.length - len));
                    if (n < 0) {
                        return null;
                    }
                    if (n == 0) {
                        return Arrays.copyOf(buf, len);
                    }
                    len += (int) n;
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable e) {
            return null;
        }
    }
}
