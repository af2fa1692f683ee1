package dev.gantry.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One simulated Proxmox VE cluster: its nodes, guests, storages and tasks, the credentials it accepts,
 * its fault, and how often each API path was called.
 *
 * <p>Thread-safe: the state sits behind this object's lock, which each API call holds briefly; no thread
 * runs on its own. Tasks end lazily: every call first finishes the tasks whose end time the clock has
 * passed, so an injected clock moves them.
 */
public final class SimCluster {
    /** What Proxmox VE version this cluster says it runs ({@code GET /version}). */
    static final String VERSION = "8.3.0";
    static final String RELEASE = "8.3";
    static final String REPOID = "c1689ccb1065a83b";
    /** Finished tasks kept for status queries; older ones are forgotten, as Proxmox rotates its task index. */
    private static final int KEPT_TASKS = 10_000;

    private final ClusterSpec spec;
    private final Clock clock;
    private final Duration taskDuration;
    private final Duration migrationDuration;
    private final Credentials credentials;
    final Tickets tickets;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<String, SimNode> nodesByName = new LinkedHashMap<>();
    private final TreeMap<Integer, Guest> guests = new TreeMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final PriorityQueue<Task> pending = new PriorityQueue<>(
            (a, b) -> Long.compare(a.endsAtMillis, b.endsAtMillis));
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile Fault fault = Fault.none();
    private volatile Consumer<Fault> faultListener = f -> { };
    private volatile int port;
    private volatile String fingerprint = "";
    private int nextPid = 40_000;

    SimCluster(ClusterSpec spec, Clock clock, Duration taskDuration, Duration migrationDuration, String password) {
        this.spec = spec;
        this.clock = clock;
        this.taskDuration = taskDuration;
        this.migrationDuration = migrationDuration;
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + spec.name().hashCode());
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.tickets = new Tickets(key);
        this.credentials = new Credentials("root@pam", password, "gantry",
                new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(3L << 62) | 1L << 63)
                        .toString());
        long now = now();
        for (int i = 0; i < spec.nodes(); i++) {
            SimNode node = new SimNode(i, "pve" + (i + 1), "10.0." + (i / 250) + "." + (i % 250 + 1),
                    16 << random.nextInt(3), (128L << random.nextInt(3)) * Guest.GIB, 100 * Guest.GIB,
                    now - random.nextLong(86_400, 90 * 86_400L));
            nodes.add(node);
            nodesByName.put(node.name(), node);
            for (int j = 0; j < spec.vmsPerNode(); j++) {
                int vmid = 100 + i * spec.vmsPerNode() + j;
                boolean qemu = random.nextInt(10) < 7;
                Guest g = new Guest(vmid, qemu ? GuestType.QEMU : GuestType.LXC, random.nextInt(1 << 24), i,
                        1 << random.nextInt(qemu ? 4 : 2), (qemu ? 1024 : 512) << random.nextInt(4),
                        (qemu ? 16 : 8) << random.nextInt(4));
                g.running = random.nextInt(100) < 80;
                g.startedAt = now - random.nextLong(60, 30 * 86_400L);
                guests.put(vmid, g);
            }
        }
    }

    public String name() {
        return spec.name();
    }

    public ClusterSpec spec() {
        return spec;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** The TCP port this cluster answers on, once its simulator started. */
    public int port() {
        return port;
    }

    /** The SHA-256 fingerprint of the certificate it presents ({@code AB:CD:…}). */
    public String fingerprint() {
        return fingerprint;
    }

    public Fault fault() {
        return fault;
    }

    /** Switches the fault on at once (for requests that arrive from now on); {@link Fault#none()} clears it. */
    public void setFault(Fault fault) {
        this.fault = java.util.Objects.requireNonNull(fault, "fault");
        faultListener.accept(fault);
    }

    /** Calls received per {@code METHOD /path/template} (e.g. {@code GET /nodes/{node}/qemu}), refused ones too. */
    public Map<String, Long> calls() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void resetCalls() {
        calls.clear();
    }

    public synchronized int guestCount() {
        return guests.size();
    }

    /** A guest as it is now (tasks the clock has passed are finished first). */
    public synchronized Optional<GuestView> guest(int vmid) {
        settle();
        Guest g = guests.get(vmid);
        return g == null ? Optional.empty() : Optional.of(new GuestView(g.vmid, g.type, nodes.get(g.node).name(),
                g.name, g.running ? "running" : "stopped", g.lock != null));
    }

    void started(int port, String fingerprint, Consumer<Fault> listener) {
        this.port = port;
        this.fingerprint = fingerprint;
        this.faultListener = listener;
    }

    void count(String route) {
        calls.computeIfAbsent(route, k -> new LongAdder()).increment();
    }

    long now() {
        return clock.millis() / 1000;
    }

    // ---- state, read and changed by the API; every method finishes due tasks first ----

    synchronized List<SimNode> nodes() {
        settle();
        return List.copyOf(nodes);
    }

    synchronized SimNode node(String name) {
        settle();
        SimNode node = nodesByName.get(name);
        if (node == null) {
            throw PveException.failed("hostname lookup '" + name + "' failed - failed to get address info for: "
                    + name + ": Name or service not known");
        }
        return node;
    }

    synchronized List<Guest> guestsOn(SimNode node) {
        settle();
        List<Guest> on = new ArrayList<>();
        for (Guest g : guests.values()) {
            if (g.node == node.index()) {
                on.add(g);
            }
        }
        return on;
    }

    synchronized <T> T withGuests(java.util.function.Function<Iterable<Guest>, T> reader) {
        settle();
        return reader.apply(guests.values());
    }

    /** The guest {@code vmid} of that type on that node, or Proxmox's error for a config file not there. */
    synchronized Guest guest(SimNode node, GuestType type, int vmid) {
        settle();
        Guest g = guests.get(vmid);
        if (g == null || g.type != type || g.node != node.index()) {
            throw PveException.failed("Configuration file '" + type.configPath(node.name(), vmid) + "' does not exist");
        }
        return g;
    }

    /** Proxmox's check before it creates a guest: the id is free in the whole cluster. */
    synchronized void checkVmidUnused(int vmid) {
        Guest g = guests.get(vmid);
        if (g != null) {
            throw PveException.failed((g.type == GuestType.QEMU ? "VM " : "CT ") + vmid + " already exists on node '"
                    + nodes.get(g.node).name() + "'");
        }
    }

    synchronized void add(Guest g) {
        guests.put(g.vmid, g);
    }

    /** 24 bits for a new guest's MAC and usage, from the seed and its id, so reruns give the same clone. */
    int noiseFor(int vmid) {
        return new SplittableRandom(spec.seed() * 31 + vmid).nextInt(1 << 24);
    }

    synchronized boolean vmidFree(int vmid) {
        return !guests.containsKey(vmid);
    }

    synchronized int nextFreeVmid() {
        int id = 100;
        while (guests.containsKey(id)) {
            id++;
        }
        return id;
    }

    /** Starts a task on the node; {@code effect} runs when it ends and returns null or the error it died with. */
    synchronized String startTask(SimNode node, GuestType type, String action, int vmid, String user,
                                  Supplier<String> effect) {
        long start = clock.millis();
        Duration length = action.equals("migrate") || action.equals("clone") ? migrationDuration : taskDuration;
        long pstart = (start / 1000 - node.startedAt()) * 100;
        Task task = new Task(node.name(), nextPid++, pstart, start, type.taskType(action), Integer.toString(vmid),
                user, start + length.toMillis(), effect);
        tasks.put(task.upid, task);
        pending.add(task);
        settle();
        return task.upid;
    }

    synchronized Optional<Task> task(String upid) {
        settle();
        return Optional.ofNullable(tasks.get(upid));
    }

    private void settle() {
        long now = clock.millis();
        while (!pending.isEmpty() && pending.peek().endsAtMillis <= now) {
            pending.poll().finish();
        }
        if (tasks.size() > KEPT_TASKS) {
            Iterator<Task> oldest = tasks.values().iterator();
            while (tasks.size() > KEPT_TASKS && oldest.hasNext()) {
                if (!oldest.next().running()) {
                    oldest.remove();
                }
            }
        }
    }
}
