package dev.gantry.agent.backend.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A network namespace a test creates ({@code ip netns add gantry-test-<random>}) and deletes by
 * name: the host's own interfaces are never touched. {@link #call} runs code on a platform thread
 * that has joined the namespace with setns(2), so sockets it opens see only that namespace.
 */
public final class TestNetns implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    public static boolean possible() {
        return ProcessHandle.current().info().user().map("root"::equals).orElse(false);
    }

    public static TestNetns create() throws Exception {
        String name = "gantry-test-" + UUID.randomUUID().toString().substring(0, 8);
        run("ip", "netns", "add", name);
        return new TestNetns(name);
    }

    public String name() {
        return name;
    }

    /** Runs a command in the namespace and returns its standard output; a failure throws with its output. */
    public String exec(String... argv) throws Exception {
        String[] all = new String[argv.length + 4];
        all[0] = "ip";
        all[1] = "netns";
        all[2] = "exec";
        all[3] = name;
        System.arraycopy(argv, 0, all, 4, argv.length);
        return run(all);
    }

    static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + out);
        }
        return out;
    }

    public <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Arena arena = Arena.ofConfined()) {
                Linker linker = Linker.nativeLinker();
                MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                MethodHandle setns = linker.downcallHandle(linker.defaultLookup().find("setns").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                int fd = (int) open.invokeExact(arena.allocateFrom(Path.of("/run/netns", name).toString()), 0x80000);
                if (fd < 0 || (int) setns.invokeExact(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter " + name);
                }
                Libc.close(fd);
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "in-" + name);
        t.start();
        t.join();
        return result.get();
    }

    @Override
    public void close() throws Exception {
        run("ip", "netns", "delete", name);
    }
}
