package dev.gantry.it.machines;

import dev.gantry.testbed.SystemdBox;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Real machines for machined inside a box: each is a directory tree under /var/lib/machines, booted
 * by the box's own {@code systemd-nspawn@NAME.service} (nspawn nests in the box). The tree holds
 * only /etc (os-release, a network file); its {@code NAME.nspawn} binds the box's /usr read-only, so
 * the machine boots the same systemd as the box in about a second. It gets a veth whose inside end
 * carries 10.99.0.N/24, which machined reports as its address.
 */
final class BoxMachines {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private BoxMachines() {
    }

    /** An image: its name and the address the machine gives itself once booted. */
    record Image(String name, String address) {
        String unit() {
            return "systemd-nspawn@" + name + ".service";
        }
    }

    /** A new image in the box's /var/lib/machines (not running). */
    static Image image(SystemdBox box) {
        int n = NEXT.incrementAndGet();
        Image image = new Image("tiny" + n, "10.99.0." + (n + 1));
        String root = "/var/lib/machines/" + image.name();
        box.exec("sh", "-c", String.join(" && ", List.of(
                "mkdir -p " + root + "/usr " + root + "/etc/systemd/network "
                        + root + "/etc/systemd/system/multi-user.target.wants /etc/systemd/nspawn",
                "cd " + root,
                "ln -s usr/bin bin && ln -s usr/sbin sbin && ln -s usr/lib lib && ln -s usr/lib64 lib64",
                "cp /usr/lib/os-release etc/os-release && touch etc/machine-id",
                "ln -s /usr/lib/systemd/system/systemd-networkd.service etc/systemd/system/multi-user.target.wants/"))
        ).orThrow();
        box.writeFile(root + "/etc/systemd/network/50-host0.network", """
                [Match]
                Name=host0
                [Network]
                Address=%s/24
                LinkLocalAddressing=no
                ConfigureWithoutCarrier=yes
                """.formatted(image.address()));
        // PrivateUsers=no: the box's user namespace has no range left to hand out.
        box.writeFile("/etc/systemd/nspawn/" + image.name() + ".nspawn", """
                [Exec]
                PrivateUsers=no
                [Files]
                BindReadOnly=/usr
                """);
        return image;
    }

    /** A new image started with machinectl, waited for until machined shows its address. */
    static Image running(SystemdBox box) {
        Image image = image(box);
        box.exec("machinectl", "start", image.name()).orThrow();
        awaitAddress(box, image);
        return image;
    }

    static void awaitAddress(SystemdBox box, Image image) {
        await(() -> box.exec("machinectl", "status", image.name(), "--no-pager").out().contains(image.address()),
                image.name() + " with address " + image.address());
    }

    /** {@code machinectl show NAME -p PROPERTY --value}; empty when machined knows no such machine. */
    static String show(SystemdBox box, String name, String property) {
        return box.exec("machinectl", "show", name, "-p", property, "--value").out();
    }

    static boolean registered(SystemdBox box, String name) {
        return box.exec("machinectl", "show", name, "-p", "Name").exitCode() == 0;
    }

    /** Names {@code machinectl list} shows. */
    static List<String> listed(SystemdBox box) {
        return box.exec("machinectl", "list", "--no-legend").out().lines().map(String::strip)
                .filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0]).toList();
    }

    /** Waits (up to 30 s) for something the machine does after the agent answered, such as powering off. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
