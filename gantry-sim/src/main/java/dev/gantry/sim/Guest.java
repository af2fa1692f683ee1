package dev.gantry.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated guest. Kept small on purpose (a benchmark holds 100,000 of them): numbers in primitive
 * fields, the generated parts of the config computed when asked, and a map only for keys someone set.
 * Guarded by its cluster's lock.
 */
final class Guest {
    static final long MIB = 1024L * 1024;
    static final long GIB = 1024 * MIB;

    final int vmid;
    final GuestType type;
    /** 24 random bits: the MAC address's tail, the SMBIOS uuid's tail and the usage figures derive from them. */
    final int noise;
    int node;
    boolean running;
    /** Suspended: qemu reports qmpstatus {@code paused}, both types keep status {@code running}. */
    boolean paused;
    long startedAt;
    int cores;
    int memoryMib;
    int diskGib;
    String name;
    /** The migrate lock while a migration task runs, else null. */
    String lock;
    /** description, tags, onboot once set; null until then. */
    private Map<String, Object> extra;

    Guest(int vmid, GuestType type, int noise, int node, int cores, int memoryMib, int diskGib) {
        this.vmid = vmid;
        this.type = type;
        this.noise = noise;
        this.node = node;
        this.cores = cores;
        this.memoryMib = memoryMib;
        this.diskGib = diskGib;
        this.name = (type == GuestType.QEMU ? "vm-" : "ct-") + vmid;
    }

    /**
     * A full clone as {@code newid}, stopped, on the same node: sizes, description, tags and onboot
     * copied (so a clone carries whatever its source's description holds), MAC address new.
     */
    Guest cloneAs(int newid, int newNoise, String newName) {
        Guest copy = new Guest(newid, type, newNoise, node, cores, memoryMib, diskGib);
        copy.name = newName;
        if (extra != null) {
            copy.extra = new TreeMap<>(extra);
        }
        return copy;
    }

    String mac() {
        return String.format("BC:24:11:%02X:%02X:%02X", (noise >> 16) & 0xFF, (noise >> 8) & 0xFF, noise & 0xFF);
    }

    String volume() {
        return "local-lvm:vm-" + vmid + "-disk-0";
    }

    long maxmem() {
        return memoryMib * MIB;
    }

    long maxdisk() {
        return diskGib * GIB;
    }

    /** Memory in use while running: a fixed share of maxmem between 20 and 80 %. */
    long mem() {
        return running ? maxmem() / 100 * (20 + noise % 61) : 0;
    }

    /** CPU use as a fraction of all host CPUs, as Proxmox reports it. */
    double cpu() {
        return running && !paused ? (noise % 500) / 1000.0 : 0;
    }

    /** Disk use: containers report it, VMs without a guest agent report 0, as on Proxmox. */
    long disk() {
        return type == GuestType.LXC ? maxdisk() / 100 * (10 + noise % 71) : 0;
    }

    long uptime(long now) {
        return running ? Math.max(0, now - startedAt) : 0;
    }

    Object extra(String key) {
        return extra == null ? null : extra.get(key);
    }

    void setExtra(String key, Object value) {
        if (value == null) {
            if (extra != null) {
                extra.remove(key);
            }
            return;
        }
        if (extra == null) {
            extra = new TreeMap<>();
        }
        extra.put(key, value);
    }

    /** The config as {@code GET …/config} shows it (without digest), sorted by key as the file is. */
    Map<String, Object> config() {
        Map<String, Object> c = new TreeMap<>();
        c.put("cores", cores);
        String disk = volume() + ",size=" + diskGib + "G";
        if (type == GuestType.QEMU) {
            c.put("boot", "order=scsi0;net0");
            // PVE 8.1 made memory a property string, so the API returns it as a string.
            c.put("memory", Integer.toString(memoryMib));
            c.put("name", name);
            c.put("net0", "virtio=" + mac() + ",bridge=vmbr0,firewall=1");
            c.put("ostype", "l26");
            c.put("scsi0", disk + ",iothread=1");
            c.put("scsihw", "virtio-scsi-single");
            c.put("smbios1", String.format("uuid=6a1c3e2b-0000-4000-8000-%012x", (long) vmid << 24 | noise));
            c.put("sockets", 1);
        } else {
            c.put("arch", "amd64");
            c.put("hostname", name);
            c.put("memory", memoryMib);
            c.put("net0", "name=eth0,bridge=vmbr0,firewall=1,hwaddr=" + mac() + ",ip=dhcp,type=veth");
            c.put("ostype", "debian");
            c.put("rootfs", disk);
            c.put("swap", 512);
            c.put("unprivileged", 1);
        }
        if (lock != null) {
            c.put("lock", lock);
        }
        if (extra != null) {
            c.putAll(extra);
        }
        return c;
    }

    /** SHA-1 over the config as {@code key: value} lines, standing in for Proxmox's digest of the file. */
    String digest() {
        StringBuilder text = new StringBuilder();
        config().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
