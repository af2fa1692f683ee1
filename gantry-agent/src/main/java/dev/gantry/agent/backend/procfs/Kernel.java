package dev.gantry.agent.backend.procfs;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Constants of the running kernel that /proc does not spell out. */
public final class Kernel {
    private static final int PAGE_SIZE = pageSizeFromLibc();

    private Kernel() {
    }

    /** The size of a memory page in bytes (4096 on x86-64; 4K, 16K or 64K on arm64). */
    public static int pageSize() {
        return PAGE_SIZE;
    }

    private static int pageSizeFromLibc() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle getpagesize = linker.downcallHandle(linker.defaultLookup().find("getpagesize").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            return (int) getpagesize.invokeExact();
        } catch (Throwable e) {
            return 4096;
        }
    }
}
