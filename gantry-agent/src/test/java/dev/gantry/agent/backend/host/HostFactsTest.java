package dev.gantry.agent.backend.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {
    @TempDir
    Path root;

    private void write(String file, String text) throws Exception {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void osReleaseValuesAreUnquotedAndUnescaped() {
        Map<String, String> os = HostFacts.parseOsRelease("""
                # comment
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME='Debian'
                VERSION_ID="12"
                ID=debian
                ID_LIKE="rhel fedora"
                QUOTED="say \\"hi\\" for \\$5"
                not a line
                lower=ignored
                """);

        assertThat(os).containsExactly(Map.entry("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)"),
                Map.entry("NAME", "Debian"), Map.entry("VERSION_ID", "12"), Map.entry("ID", "debian"),
                Map.entry("ID_LIKE", "rhel fedora"), Map.entry("QUOTED", "say \"hi\" for $5"));
    }

    @Test
    void osReleaseFallsBackToUsrLib() throws Exception {
        write("usr/lib/os-release", "ID=fallback\n");

        assertThat(new HostFacts(root).osRelease()).containsEntry("ID", "fallback");
    }

    @Test
    void kernelFieldsComeFromProcSysKernel() throws Exception {
        write("proc/sys/kernel/ostype", "Linux\n");
        write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        write("proc/sys/kernel/version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1\n");
        write("proc/sys/kernel/arch", "x86_64\n");

        assertThat(new HostFacts(root).kernel()).isEqualTo(new HostFacts.Kernel("Linux", "6.1.0-18-amd64",
                "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1", "x86_64"));
    }

    @Test
    void withoutProcSysKernelArchTheMachineIsTheJvmsArchInUnamesSpelling() {
        assertThat(HostFacts.unameMachine("amd64")).isEqualTo("x86_64");
        assertThat(HostFacts.unameMachine("aarch64")).isEqualTo("aarch64");
    }

    @Test
    void uptimeIdsAndTimezoneAreReadFromTheirFiles() throws Exception {
        write("proc/uptime", "93784.52 180000.00\n");
        write("proc/sys/kernel/random/boot_id", "0f3c\n");
        write("etc/machine-id", "abc123\n");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/Europe/Berlin"));
        HostFacts facts = new HostFacts(root);

        assertThat(facts.uptimeSeconds()).isEqualTo(93784.52);
        assertThat(facts.bootId()).isEqualTo("0f3c");
        assertThat(facts.machineId()).isEqualTo("abc123");
        assertThat(facts.timezone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void withoutALocaltimeLinkTheZoneIsEtcTimezoneElseUtc() throws Exception {
        assertThat(new HostFacts(root).timezone()).isEqualTo("UTC");
        write("etc/timezone", "America/New_York\n");
        assertThat(new HostFacts(root).timezone()).isEqualTo("America/New_York");
    }

    @Test
    void aTimezoneIsATzifFileUnderZoneinfoAndNothingElse() throws Exception {
        write("usr/share/zoneinfo/Europe/Berlin", "TZif2...");
        write("usr/share/zoneinfo/zone.tab", "# not a zone\n");
        write("etc/passwd", "TZif but outside");
        HostFacts facts = new HostFacts(root);

        assertThat(facts.isTimezone("Europe/Berlin")).isTrue();
        assertThat(facts.isTimezone("Europe")).isFalse(); // a directory
        assertThat(facts.isTimezone("zone.tab")).isFalse();
        assertThat(facts.isTimezone("Mars/Olympus_Mons")).isFalse();
        assertThat(facts.isTimezone("../../../etc/passwd")).isFalse();
        assertThat(facts.isTimezone("/usr/share/zoneinfo/Europe/Berlin")).isFalse();
        assertThat(facts.isTimezone("Europe/./Berlin")).isFalse();
        assertThat(facts.isTimezone("")).isFalse();
    }

    @Test
    void theHostsZoneDatabaseKnowsTheUsualZones() {
        HostFacts host = HostFacts.host();

        assertThat(host.isTimezone("UTC")).isTrue();
        assertThat(host.isTimezone("Europe/Berlin")).isTrue();
        assertThat(host.isTimezone("America/Argentina/Buenos_Aires")).isTrue();
    }
}
