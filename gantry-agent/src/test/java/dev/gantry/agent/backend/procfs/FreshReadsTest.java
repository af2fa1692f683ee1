package dev.gantry.agent.backend.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixed /proc files are read on kept descriptors (pread at offset 0): every read must still see the
 * system as it is now, for one-shot files and for record-by-record (seq) files alike.
 */
class FreshReadsTest {
    static final Path HOST = Path.of("/");

    @Test
    void uptimeReadAgainHasMoved() throws Exception {
        double first = Uptime.read(HOST).seconds();
        Thread.sleep(50); // /proc/uptime counts hundredths
        double second = Uptime.read(HOST).seconds();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void aSocketOpenedBetweenTwoReadsOfProcNetTcpIsInTheSecond() throws Exception {
        List<InetSocket> before = all();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            assertThat(before).noneMatch(s -> s.localPort() == port && s.state().equals("LISTEN"));
            assertThat(all()).anyMatch(s -> s.localPort() == port && s.state().equals("LISTEN"));
        }
    }

    private static List<InetSocket> all() {
        List<InetSocket> list = new java.util.ArrayList<>(InetSocket.read(HOST, "tcp"));
        list.addAll(InetSocket.read(HOST, "tcp6"));
        return list;
    }

    @Test
    void manyConcurrentReadersEachGetAWholeFile() throws Exception {
        int lines = new String(ProcText.readToEnd(Path.of("/proc/meminfo"))).split("\n").length;
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> MemInfo.read(HOST).fields().size()));
            }
            for (var r : results) {
                assertThat(r.get()).isEqualTo(lines);
            }
        }
    }
}
