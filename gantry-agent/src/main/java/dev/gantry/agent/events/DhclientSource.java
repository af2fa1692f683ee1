package dev.gantry.agent.events;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhclient's lease files ({@code LeaseFiles}). When a file changes it is read again, and only the
 * interfaces whose last lease differs from what the file said before get a {@link NetworkEvent.Lease}
 * (network-event-broker fired for every interface in the file). The directories are watched with
 * inotify; one that does not exist yet is looked for again every {@link #RESCAN_MILLIS}.
 */
final class DhclientSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhclientSource.class);
    static final long RESCAN_MILLIS = 2000;

    private final List<Path> directories;
    private final List<Pattern> patterns;
    private final Function<String, Optional<Integer>> indexes;
    private final Consumer<NetworkEvent> sink;
    /** Per lease file, the last lease of each interface it has held. */
    private final Map<Path, Map<String, DhcpLease>> seen = new HashMap<>();
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private WatchService watcher;
    private Thread thread;
    private volatile boolean closed;

    DhclientSource(List<String> leaseFiles, Function<String, Optional<Integer>> indexes, Consumer<NetworkEvent> sink) {
        this.directories = leaseFiles.stream().map(f -> Path.of(f).getParent()).distinct().toList();
        this.patterns = leaseFiles.stream().map(DhclientSource::glob).toList();
        this.indexes = indexes;
        this.sink = sink;
    }

    /** {@code /var/lib/dhcp/dhclient*.leases} → a pattern of the whole path; only {@code *} is special. */
    static Pattern glob(String file) {
        StringBuilder re = new StringBuilder();
        for (String part : file.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append("[^/]*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    boolean matches(Path file) {
        String text = file.toString();
        return patterns.stream().anyMatch(p -> p.matcher(text).matches());
    }

    /** Reads the files as they are (firing for every lease when {@code replay}), then watches them. */
    void start(boolean replay) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        register();
        for (Path dir : directories) {
            for (Path file : files(dir)) {
                read(file, replay);
            }
        }
        thread = Thread.ofPlatform().daemon().name("dhclient-leases").start(this::run);
    }

    private void register() {
        for (Path dir : directories) {
            if (!watched.containsKey(dir) && Files.isDirectory(dir)) {
                try {
                    watched.put(dir, dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                    LOG.info("watching dhclient leases in {}", dir);
                } catch (IOException e) {
                    LOG.warn("cannot watch {}: {}", dir, e.toString());
                }
            }
        }
    }

    private List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(this::matches).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void run() {
        while (!closed) {
            try {
                WatchKey key = watcher.poll(RESCAN_MILLIS, TimeUnit.MILLISECONDS);
                if (key == null) {
                    if (watched.size() < directories.size()) {
                        Set<Path> before = new HashSet<>(watched.keySet());
                        register();
                        // A directory that just appeared may already hold leases.
                        watched.keySet().stream().filter(d -> !before.contains(d))
                                .forEach(d -> files(d).forEach(f -> read(f, true)));
                    }
                    continue;
                }
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && matches(dir.resolve(name))) {
                        read(dir.resolve(name), true);
                    }
                }
                if (!key.reset()) {
                    watched.remove(dir);
                }
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("dhclient lease watch: {}", e.toString());
            }
        }
    }

    /** Reads {@code file} and fires (when {@code fire}) for each interface whose last lease is new. */
    void read(Path file, boolean fire) {
        Map<String, DhcpLease> now;
        try {
            now = LeaseFileParser.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            now = Map.of();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return;
        }
        // Remembered, never forgotten: a file caught while being rewritten (truncated, half written)
        // lacks interfaces or blocks, and must not make their unchanged leases fire again afterwards.
        Map<String, DhcpLease> known = seen.computeIfAbsent(file, f -> new HashMap<>());
        for (DhcpLease lease : now.values()) {
            DhcpLease before = known.put(lease.iface(), lease);
            if (fire && !Objects.equals(before, lease)) {
                Optional<Integer> index = indexes.apply(lease.iface());
                if (index.isEmpty()) {
                    LOG.info("{}: a lease for {}, which this host has no link of: no scripts", file, lease.iface());
                    continue;
                }
                sink.accept(new NetworkEvent.Lease(index.get(), lease.iface(), lease));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the lease watch: {}", e.toString());
        }
    }
}
