package dev.gantry.agent.backend.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A network namespace a test creates ({@code ip netns add gantry-test-<random>}) and deletes by name:
 * the host's own interfaces are never touched. {@link #call} runs code on a platform thread that has
 * joined it with setns(2); threads that code starts inherit the namespace, so netlink sockets they
 * open see only it. Creating one needs root ({@link #possible}).
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
        TestNetns ns = new TestNetns("gantry-test-" + UUID.randomUUID().toString().substring(0, 8));
        run("ip", "netns", "add", ns.name);
        return ns;
    }

    public String name() {
        return name;
    }

    /** {@code ip -n <ns> args...}; its output, failing on a non-zero exit. */
    public String ip(String... args) throws Exception {
        String[] argv = new String[args.length + 3];
        argv[0] = "ip";
        argv[1] = "-n";
        argv[2] = name;
        System.arraycopy(args, 0, argv, 3, args.length);
        return run(argv);
    }

    public static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", List.of(argv)) + ": " + out);
        }
        return out;
    }

    /** Runs {@code task} on a platform thread that has entered the namespace (setns affects one thread). */
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
