package dev.gantry.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The package's files and maintainer scripts, through install, reinstall, remove and purge, in
 * one bare box. The steps build on each other, hence the fixed order.
 */
@WithSystemdBox
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageLifecycleIT {

    @Test
    @Order(1)
    void installCreatesUsersDirectoriesAndEnablesTheUnit(SystemdBox box) {
        box.installDeb(AgentBox.findDeb());

        assertThat(box.exec("getent", "passwd", "gantry").out()).matches("gantry:x:\\d+:\\d+:[^:]*:/var/lib/gantry:/usr/sbin/nologin");
        assertThat(box.exec("getent", "group", "gantry").exitCode()).isZero();
        assertThat(box.exec("getent", "group", "gantry-admin").exitCode()).isZero();
        assertThat(stat(box, "/var/lib/gantry")).isEqualTo("750 gantry gantry");
        assertThat(stat(box, "/var/lib/gantry/jobs")).isEqualTo("750 gantry gantry");
        assertThat(stat(box, "/var/cache/gantry")).isEqualTo("755 gantry gantry");
        assertThat(box.exec("systemctl", "is-enabled", "gantryd.service").out()).isEqualTo("enabled");
        assertThat(box.exec("getent", "passwd", "gantry-server").out())
                .matches("gantry-server:x:\\d+:\\d+:[^:]*:/var/lib/gantry-server:/usr/sbin/nologin");
        assertThat(stat(box, "/var/lib/gantry-server")).isEqualTo("750 gantry-server gantry-server");
        assertThat(box.exec("systemctl", "is-enabled", "gantry-server.service").out()).isEqualTo("enabled");
    }

    @Test
    @Order(2)
    void configIsAConffileWithEveryKeyAtItsDefault(SystemdBox box) {
        assertThat(box.exec("dpkg-query", "-W", "-f=${Conffiles}", "gantry").out()).contains("/etc/gantry/gantryd.toml")
                .contains("/etc/gantry/server.toml");
        assertThat(box.readFile("/etc/gantry/server.toml")).contains("Listen = \"127.0.0.1:8080\"", "#Url = \"\"",
                "PoolSize = 10", "Workers = 4");
        assertThat(box.readFile("/etc/gantry/gantryd.toml"))
                .contains("LogLevel = \"info\"", "UseAuthentication = true", "ListenUnixSocket = true",
                        "#Listen = \"127.0.0.1:5208\"", "#TLSCertificate", "#TLSKey", "#TLSClientCA");
    }

    @Test
    @Order(3)
    void unitHasTheDocumentedPrivilegesAndDirectories(SystemdBox box) {
        String unit = box.exec("systemctl", "show", "gantryd.service", "-p", "User,Group,Type,RuntimeDirectory,"
                + "RuntimeDirectoryMode,StateDirectory,StateDirectoryMode,CacheDirectory,Restart").stdout();

        assertThat(unit.lines()).contains("User=gantry", "Group=gantry", "Type=exec", "RuntimeDirectory=gantry",
                "RuntimeDirectoryMode=0755", "StateDirectory=gantry", "StateDirectoryMode=0750",
                "CacheDirectory=gantry", "Restart=on-failure");
        assertThat(box.exec("systemd-analyze", "verify", "/usr/lib/systemd/system/gantryd.service").stderr())
                .doesNotContain("gantryd.service:");
        String server = box.exec("systemctl", "show", "gantry-server.service", "-p",
                "User,Group,StateDirectory,ProtectSystem,NoNewPrivileges,Restart").stdout();
        assertThat(server.lines()).contains("User=gantry-server", "Group=gantry-server",
                "StateDirectory=gantry-server", "ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure");
        assertThat(box.exec("systemd-analyze", "verify", "/usr/lib/systemd/system/gantry-server.service").stderr())
                .doesNotContain("gantry-server.service:");
    }

    @Test
    @Order(4)
    void reinstallingTheSamePackageSucceeds(SystemdBox box) {
        box.installDeb(AgentBox.findDeb());

        assertThat(box.exec("dpkg-query", "-W", "-f=${Status}", "gantry").out()).isEqualTo("install ok installed");
    }

    @Test
    @Order(5)
    void removeStopsAndDisablesTheUnitButKeepsConfigAndState(SystemdBox box) {
        box.exec("env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "-r", "gantry").orThrow();

        assertThat(box.exec("systemctl", "is-active", "gantryd.service").out()).isEqualTo("inactive");
        assertThat(box.exec("test", "-e", "/etc/systemd/system/multi-user.target.wants/gantryd.service").exitCode())
                .isNotZero();
        assertThat(box.exec("test", "-e", "/usr/bin/gantryd").exitCode()).isNotZero();
        assertThat(box.exec("test", "-f", "/etc/gantry/gantryd.toml").exitCode()).isZero();
        assertThat(box.exec("test", "-d", "/var/lib/gantry").exitCode()).isZero();
        assertThat(box.exec("systemctl", "is-active", "gantry-server.service").out()).isEqualTo("inactive");
        assertThat(box.exec("test", "-e", "/etc/systemd/system/multi-user.target.wants/gantry-server.service")
                .exitCode()).isNotZero();
        assertThat(box.exec("test", "-f", "/etc/gantry/server.toml").exitCode()).isZero();
        assertThat(box.exec("test", "-d", "/var/lib/gantry-server").exitCode()).isZero();
    }

    @Test
    @Order(6)
    void purgeRemovesConfigAndStateButNotTheUser(SystemdBox box) {
        box.exec("env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "--purge", "gantry").orThrow();

        assertThat(box.exec("test", "-e", "/etc/gantry/gantryd.toml").exitCode()).isNotZero();
        assertThat(box.exec("test", "-e", "/var/lib/gantry").exitCode()).isNotZero();
        assertThat(box.exec("test", "-e", "/var/cache/gantry").exitCode()).isNotZero();
        assertThat(box.exec("getent", "passwd", "gantry").exitCode()).isZero();
        assertThat(box.exec("test", "-e", "/etc/gantry/server.toml").exitCode()).isNotZero();
        assertThat(box.exec("test", "-e", "/var/lib/gantry-server").exitCode()).isNotZero();
        assertThat(box.exec("getent", "passwd", "gantry-server").exitCode()).isZero();
    }

    private static String stat(SystemdBox box, String path) {
        return box.exec("stat", "-c", "%a %U %G", path).orThrow().out();
    }
}
