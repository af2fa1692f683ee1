package dev.gantry.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A worker task as Proxmox runs one: identified by its UPID, running until {@link #endsAt}, then stopped
 * with an exit status ({@code OK} or the error the worker died with). The effect on the guests runs when
 * the task ends, so a status read right after a start still shows the guest stopped, as on Proxmox.
 */
final class Task {
    final String upid;
    final String node;
    final int pid;
    final long pstart;
    final long starttime;
    final String type;
    final String id;
    final String user;
    final long endsAtMillis;
    private final Supplier<String> effect;
    private String exitstatus;
    private long endtime;

    Task(String node, int pid, long pstart, long startMillis, String type, String id, String user,
         long endsAtMillis, Supplier<String> effect) {
        this.node = node;
        this.pid = pid;
        this.pstart = pstart;
        this.starttime = startMillis / 1000;
        this.type = type;
        this.id = id;
        this.user = user;
        this.endsAtMillis = endsAtMillis;
        this.effect = effect;
        // UPID:node:pid:pstart:starttime:type:id:user: with the three numbers as 8 upper-case hex digits.
        this.upid = String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, starttime, type, id, user);
    }

    boolean running() {
        return exitstatus == null;
    }

    /** Runs the effect; its answer (null for success) becomes the exit status. */
    void finish() {
        String error = effect.get();
        exitstatus = error == null ? "OK" : error;
        endtime = endsAtMillis / 1000;
    }

    /** {@code GET /nodes/{node}/tasks/{upid}/status}. */
    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("upid", upid);
        s.put("node", node);
        s.put("pid", pid);
        s.put("pstart", pstart);
        s.put("starttime", starttime);
        s.put("type", type);
        s.put("id", id);
        s.put("user", user);
        s.put("status", running() ? "running" : "stopped");
        if (!running()) {
            s.put("exitstatus", exitstatus);
            s.put("endtime", endtime);
        }
        return s;
    }
}
