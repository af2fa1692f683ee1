package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/modules}: {@code name size refcount deps state address}. {@code usedBy}
 * lists the modules that depend on this one (the kernel's "-" is the empty list). {@code refCount}
 * is -1 when the kernel cannot unload the module and writes "-".
 */
public record KernelModule(String name, long size, long refCount, List<String> usedBy, String state) {
    public KernelModule {
        usedBy = List.copyOf(usedBy);
    }

    /** Empty on a kernel without loadable modules (no {@code /proc/modules}). */
    public static List<KernelModule> read(Path root) {
        return ProcText.readIfPresent(root.resolve("proc/modules")).map(KernelModule::parse).orElseGet(List::of);
    }

    public static List<KernelModule> parse(byte[] text) {
        ProcText t = new ProcText(text);
        List<KernelModule> modules = new ArrayList<>();
        while (!t.atEnd()) {
            String name = t.word();
            long size = t.number(-1);
            long refs = t.number(-1);
            String deps = t.word();
            String state = t.word();
            t.nextLine();
            if (name.isEmpty() || size < 0 || deps.isEmpty() || state.isEmpty()) {
                continue;
            }
            List<String> usedBy = new ArrayList<>();
            if (!deps.equals("-")) {
                for (String d : deps.split(",")) {
                    if (!d.isEmpty()) {
                        usedBy.add(d);
                    }
                }
            }
            modules.add(new KernelModule(name, size, refs, usedBy, state));
        }
        return modules;
    }
}
