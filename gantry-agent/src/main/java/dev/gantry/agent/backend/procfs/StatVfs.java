package dev.gantry.agent.backend.procfs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * statvfs(3) through the C library (no df fork): sizes in bytes as df(1) computes them — size is
 * blocks × fragment size, used is blocks − free, available is what an unprivileged user may still use.
 */
public record StatVfs(long sizeBytes, long usedBytes, long availableBytes, long freeBytes, long inodes,
                      long inodesFree, long blockSize, boolean readOnly) {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle STATVFS = LINKER.downcallHandle(
            LINKER.defaultLookup().find("statvfs").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
    // struct statvfs on LP64 glibc: 11 unsigned longs (bsize, frsize, blocks, bfree, bavail, files,
    // ffree, favail, fsid, flag, namemax) and 6 spare ints.
    private static final long STRUCT_SIZE = 112;
    private static final long ST_RDONLY = 1;

    /** The file system holding {@code path}, or empty if statvfs fails (gone, no permission, EOVERFLOW). */
    public static Optional<StatVfs> of(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STRUCT_SIZE, 8);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) STATVFS.invokeExact(state, arena.allocateFrom(path), buf);
            if (rc != 0) {
                return Optional.empty();
            }
            long frsize = buf.get(ValueLayout.JAVA_LONG, 8);
            long blocks = buf.get(ValueLayout.JAVA_LONG, 16);
            long bfree = buf.get(ValueLayout.JAVA_LONG, 24);
            long bavail = buf.get(ValueLayout.JAVA_LONG, 32);
            long files = buf.get(ValueLayout.JAVA_LONG, 40);
            long ffree = buf.get(ValueLayout.JAVA_LONG, 48);
            long flag = buf.get(ValueLayout.JAVA_LONG, 72);
            return Optional.of(new StatVfs(blocks * frsize, (blocks - bfree) * frsize, bavail * frsize, bfree * frsize,
                    files, ffree, frsize, (flag & ST_RDONLY) != 0));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }
}
