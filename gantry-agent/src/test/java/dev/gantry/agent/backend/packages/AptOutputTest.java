package dev.gantry.agent.backend.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AptOutputTest {
    @Test
    void aptListInstalledGivesInstalledVersionsAndMarksUpgradableOnes() {
        List<Package> packages = AptOutput.list(Fixtures.read("apt/apt2.6-debian12-list-installed.txt"));

        assertThat(packages).containsExactly(
                new Package("adduser", "3.134", "all", "oldstable", "installed", null),
                new Package("apt-transport-https", "2.6.1", "all", "oldstable", "upgradable", null),
                new Package("bash", "5.2.15-2+b8", "amd64", null, "upgradable", null),
                new Package("curl", "7.88.1-10+deb12u15", "amd64", "oldstable", "installed", null));
    }

    @Test
    void aptListUpgradableGivesBothVersions() {
        List<PackageUpdate> updates = AptOutput.updates(Fixtures.read("apt/apt2.6-debian12-list-upgradable.txt"));

        assertThat(updates).hasSize(5);
        assertThat(updates.get(1)).isEqualTo(new PackageUpdate("apt-transport-https", "all", "2.6.1", "2.6.2",
                "oldstable-security"));
        assertThat(updates.get(4)).isEqualTo(new PackageUpdate("bash", "amd64", "5.2.15-2+b8", "5.2.15-2+b13",
                "oldstable"));
    }

    @Test
    void policyAndShowMakeTheDetailsOfTheCandidate() {
        Optional<AptOutput.Policy> policy = AptOutput.policy(Fixtures.read("apt/apt2.6-debian12-policy-bash.txt"));
        List<Map<String, String>> stanzas = AptOutput.stanzas(Fixtures.read("apt/apt2.6-debian12-show-bash.txt"));

        PackageDetails bash = AptOutput.details("bash", policy, stanzas).orElseThrow();

        assertThat(stanzas).hasSize(2);
        assertThat(bash.installedVersion()).isEqualTo("5.2.15-2+b8");
        assertThat(bash.candidateVersion()).isEqualTo("5.2.15-2+b13");
        assertThat(bash.architecture()).isEqualTo("amd64");
        assertThat(bash.summary()).isEqualTo("GNU Bourne Again SHell");
        // without a translation file apt-cache shows only the synopsis: it stands for the description
        assertThat(bash.description()).isEqualTo("GNU Bourne Again SHell");
        assertThat(bash.depends()).containsExactly("base-files (>= 2.1.12)", "debianutils (>= 5.6-0.1)",
                "libc6 (>= 2.36)", "libtinfo6 (>= 6)");
        assertThat(bash.installedSize()).isEqualTo(Long.parseLong(stanzas.getFirst().get("Installed-Size")) * 1024);
        assertThat(bash.downloadSize()).isEqualTo(Long.parseLong(stanzas.getFirst().get("Size")));
        assertThat(bash.homepage()).isEqualTo("http://tiswww.case.edu/php/chet/bash/bashtop.html");
    }

    @Test
    void anUnknownPackageHasNoPolicyAndNoDetails() {
        assertThat(AptOutput.policy("")).isEmpty();
        assertThat(AptOutput.details("nosuch", Optional.empty(), List.of())).isEmpty();
    }

    @Test
    void searchGivesNamesAndSummaries() {
        List<Package> found = AptOutput.search(Fixtures.read("apt/apt2.6-debian12-search-bash.txt"));

        assertThat(found.getFirst()).isEqualTo(new Package("bash", null, null, null, null, "GNU Bourne Again SHell"));
        assertThat(found).extracting(Package::name).contains("bash-completion", "bash-doc");
    }

    @Test
    void policyWithoutArgumentsListsTheSourcesButNotTheDpkgStatusFile() {
        List<Repository> repositories = AptOutput.repositories(Fixtures.read("apt/apt2.6-debian12-policy.txt"));

        assertThat(repositories).extracting(Repository::id).containsExactly(
                "http://deb.debian.org/debian-security bookworm-security/main amd64",
                "http://deb.debian.org/debian bookworm-updates/main amd64",
                "http://deb.debian.org/debian bookworm/main amd64");
        assertThat(repositories.getLast()).isEqualTo(new Repository("http://deb.debian.org/debian bookworm/main amd64",
                "Debian bookworm/main", true, "http://deb.debian.org/debian"));
    }

    @Test
    void aFlatFileRepositoryIsARepositoryToo() {
        String policy = """
                Package files:
                 100 /var/lib/dpkg/status
                     release a=now
                 500 file:/srv/repo ./ Packages
                     release c=
                Pinned packages:
                """;

        assertThat(AptOutput.repositories(policy))
                .containsExactly(new Repository("file:/srv/repo ./", "file:/srv/repo ./", true, "file:/srv/repo"));
    }

    @Test
    void historyIsNewestFirstWithEachPackageChange() {
        List<HistoryEntry> history = AptOutput.history(Fixtures.read("apt/apt2.6-debian12-history.log"));

        HistoryEntry upgrade = history.getLast();
        assertThat(upgrade.start()).isEqualTo("2025-06-24 14:36:25");
        assertThat(upgrade.command()).isEqualTo("apt-get -qqy upgrade");
        assertThat(upgrade.changes()).containsExactly(
                new HistoryEntry.PackageChange("upgrade", "libsystemd0", "amd64", "252.38-1~deb12u1", "252.36-1~deb12u1"),
                new HistoryEntry.PackageChange("upgrade", "libudev1", "amd64", "252.38-1~deb12u1", "252.36-1~deb12u1"));
        HistoryEntry install = history.get(history.size() - 2);
        assertThat(install.changes()).contains(
                new HistoryEntry.PackageChange("install", "lsb-release", "amd64", "12.0-1", null),
                new HistoryEntry.PackageChange("install", "libssh2-1", "amd64", "1.10.0-3+b1", null),
                new HistoryEntry.PackageChange("install", "openssh-client", "amd64", "1:9.2p1-2+deb12u6", null));
    }

    @Test
    void removeAndPurgeEntriesKeepTheirVersion() {
        String log = """

                Start-Date: 2026-11-30  08:00:01
                Commandline: apt-get -y -q remove -- gantry-hello
                Requested-By: gantry (998)
                Remove: gantry-hello:all (2)
                End-Date: 2026-11-30  08:00:02
                """;

        HistoryEntry entry = AptOutput.history(log).getFirst();

        assertThat(entry).isEqualTo(new HistoryEntry("1", "2026-11-30 08:00:01", "2026-11-30 08:00:02",
                "apt-get -y -q remove -- gantry-hello", "gantry (998)",
                List.of(new HistoryEntry.PackageChange("remove", "gantry-hello", "all", "2", null))));
    }

    @Test
    void statusLinesBecomeProgressWithDownloadsAsTheFirstFifth() {
        assertThat(AptOutput.status("dlstatus:1:50:Retrieving file 1 of 2")).contains(new Progress(10, "Retrieving file 1 of 2"));
        assertThat(AptOutput.status("pmstatus:gantry-hello:50:Installing gantry-hello (all)"))
                .contains(new Progress(60, "Installing gantry-hello (all)"));
        assertThat(AptOutput.status("pmstatus:dpkg-exec:100:Running dpkg")).contains(new Progress(100, "Running dpkg"));
        assertThat(AptOutput.status("Reading package lists...")).isEmpty();
    }

    @Test
    void errorLinesAreAptsEAndDpkgsErrors() {
        assertThat(AptOutput.errors("Reading package lists...\n", "E: Unable to locate package nosuch\n"))
                .containsExactly("E: Unable to locate package nosuch");
    }
}
