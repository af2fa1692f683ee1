package dev.gantry.common.auth;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Group lookups through the C library, so memberships from every NSS source (files, LDAP, sssd) count,
 * as they would for {@code id USER}. Reading {@code /etc/group} alone would miss directory users.
 */
public final class UnixGroups {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle GETGRNAM_R = downcall("getgrnam_r", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle GETGROUPLIST = downcall("getgrouplist", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; } on LP64 Linux.
    private static final long GROUP_STRUCT_SIZE = 32;
    private static final long GR_GID_OFFSET = 16;
    private static final int ERANGE = 34;

    private UnixGroups() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(
                () -> new IllegalStateException("libc has no " + name)), descriptor);
    }

    /** The gid of the group {@code name}, if the system knows it. */
    public static Optional<Integer> gid(String name) {
        long bufferSize = 1024;
        while (bufferSize <= 1 << 20) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment group = arena.allocate(GROUP_STRUCT_SIZE, 8);
                MemorySegment buffer = arena.allocate(bufferSize);
                MemorySegment result = arena.allocate(ValueLayout.ADDRESS);
                int rc = (int) GETGRNAM_R.invokeExact(arena.allocateFrom(name), group, buffer, bufferSize, result);
                if (rc == ERANGE) {
                    bufferSize *= 4;
                    continue;
                }
                if (rc != 0 || result.get(ValueLayout.ADDRESS, 0).equals(MemorySegment.NULL)) {
                    return Optional.empty();
                }
                return Optional.of(group.get(ValueLayout.JAVA_INT, GR_GID_OFFSET));
            } catch (Throwable t) {
                throw new IllegalStateException("getgrnam_r failed", t);
            }
        }
        return Optional.empty();
    }

    /** Every gid {@code user} belongs to, its primary group {@code primaryGid} included. */
    public static Set<Integer> groupsOf(String user, int primaryGid) {
        int capacity = 64;
        while (capacity <= 65536) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment groups = arena.allocate(ValueLayout.JAVA_INT, capacity);
                MemorySegment count = arena.allocateFrom(ValueLayout.JAVA_INT, capacity);
                int rc = (int) GETGROUPLIST.invokeExact(arena.allocateFrom(user), primaryGid, groups, count);
                int n = count.get(ValueLayout.JAVA_INT, 0);
                if (rc == -1) {
                    capacity = Math.max(capacity * 2, n);
                    continue;
                }
                Set<Integer> result = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    result.add(groups.getAtIndex(ValueLayout.JAVA_INT, i));
                }
                return Set.copyOf(result);
            } catch (Throwable t) {
                throw new IllegalStateException("getgrouplist failed", t);
            }
        }
        return Set.of(primaryGid);
    }
}
