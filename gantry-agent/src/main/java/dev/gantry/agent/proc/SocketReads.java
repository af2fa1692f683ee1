package dev.gantry.agent.proc;

import dev.gantry.agent.backend.procfs.InetSocket;
import dev.gantry.agent.backend.procfs.ProcessStat;
import dev.gantry.agent.backend.procfs.SocketOwners;
import dev.gantry.agent.backend.procfs.UnixSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sockets of /proc/net with their owning processes, where the owner's fds were readable. */
final class SocketReads {
    static final List<String> PROTOCOLS = List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix");

    private final Path root;

    SocketReads(Path root) {
        this.root = root;
    }

    /** {@code protocol} is one of {@link #PROTOCOLS} but unix. */
    List<ProcViews.InetSocket> inet(String protocol, boolean owners) {
        List<InetSocket> sockets = InetSocket.read(root, protocol);
        Owners o = owners ? new Owners(root, SocketOwners.read(root)) : Owners.NONE;
        List<ProcViews.InetSocket> list = new ArrayList<>(sockets.size());
        for (InetSocket s : sockets) {
            list.add(view(s, o));
        }
        return list;
    }

    static ProcViews.InetSocket view(InetSocket s, Owners o) {
        Integer pid = o.pid(s.inode());
        return new ProcViews.InetSocket(s.protocol(), s.localAddress(), s.localPort(), s.remoteAddress(),
                s.remotePort(), s.state(), s.txQueue(), s.rxQueue(), s.uid(), s.inode(), pid, o.command(pid));
    }

    List<ProcViews.UnixSocket> unix(boolean owners) {
        List<UnixSocket> sockets = UnixSocket.read(root);
        Owners o = owners ? new Owners(root, SocketOwners.read(root)) : Owners.NONE;
        List<ProcViews.UnixSocket> list = new ArrayList<>(sockets.size());
        for (UnixSocket s : sockets) {
            Integer pid = o.pid(s.inode());
            list.add(new ProcViews.UnixSocket(s.type(), s.state(), s.path().isEmpty() ? null : s.path(), s.inode(),
                    s.refCount(), pid, o.command(pid)));
        }
        return list;
    }

    /** Socket inode → pid, and pid → command name read once per pid. */
    static final class Owners {
        static final Owners NONE = new Owners(null, Map.of());
        private final Path root;
        private final Map<Long, Integer> pids;
        private final Map<Integer, String> commands = new HashMap<>();

        Owners(Path root, Map<Long, Integer> pids) {
            this.root = root;
            this.pids = pids;
        }

        Integer pid(long inode) {
            return inode == 0 ? null : pids.get(inode);
        }

        String command(Integer pid) {
            if (pid == null) {
                return null;
            }
            return commands.computeIfAbsent(pid,
                    p -> ProcessStat.read(root, p).map(ProcessStat::comm).orElse(null));
        }
    }
}
