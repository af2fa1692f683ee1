package dev.gantry.agent.backend.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TdnfOutputTest {
    @Test
    void listShowsTheInstalledPackageAsSystemAndTheRepositorysOne() {
        List<Package> packages = TdnfOutput.list(Fixtures.read("tdnf/tdnf-photon5-list-perl-JSON-XS.txt"), null);

        assertThat(packages).containsExactly(
                new Package("perl-JSON-XS", "4.03-1.ph5", "aarch64", null, "installed", null),
                new Package("perl-JSON-XS", "4.03-1.ph5", "aarch64", "photon-updates", "available", null));
    }

    @Test
    void listOfPhoton3WithWideColumns() {
        assertThat(TdnfOutput.list(Fixtures.read("tdnf/tdnf-photon3-list-zstd.txt"), "available"))
                .containsExactly(new Package("zstd", "1.4.5-1.ph3", "x86_64", "photon-updates", "available", null));
    }

    @Test
    void checkUpdateOfTdnf1() {
        List<PackageUpdate> updates = TdnfOutput.updates(Fixtures.read("tdnf/tdnf1-photon1-check-update.txt"));

        assertThat(updates).hasSize(14);
        assertThat(updates.getFirst()).isEqualTo(new PackageUpdate("photon-release", "noarch", null, "1.1-1", "photon"));
        assertThat(updates.getLast()).isEqualTo(new PackageUpdate("cloud-init", "x86_64", null, "0.7.6-4", "photon"));
    }

    @Test
    void checkUpdateOfTdnf3AsATerminalShowsIt() {
        List<PackageUpdate> updates = TdnfOutput.updates(Fixtures.read("tdnf/tdnf3-check-update-rendered.txt"));

        assertThat(updates).containsExactly(
                new PackageUpdate("LNKD-coreutils", "x86_64", null, "8.32-6.cm2", "linkedin.stg.extra.clis"),
                new PackageUpdate("dbus", "x86_64", null, "1.10.24-15.el7", "linkedin-elr"),
                new PackageUpdate("openssl", "x86_64", null, "1.0.2k-12.el7", "linkedin-elr"),
                new PackageUpdate("openssl-libs", "x86_64", null, "1.0.2k-12.el7", "linkedin-elr"),
                new PackageUpdate("osmetrics", "x86_64", null, "0.5.87-1.el7", "linkedin-prod"));
    }

    @Test
    void checkUpdateOfTdnf3AsItWritesItToAPipe() {
        // api.c TDNFCliCheckUpdateCommand: "%*s\r" (80) repo, "%*s-%s\r" (50) version-release, "%s.%s" name.arch
        String raw = String.format("%80s\r%50s\r%s%n", "photon-updates", "1.4.5-2.ph3", "zstd.x86_64")
                + String.format("%80s\r%50s\r%s%n", "photon-updates", "3.0.0-1.ph4", "openssl.x86_64");

        assertThat(TdnfOutput.updates(raw)).containsExactly(
                new PackageUpdate("zstd", "x86_64", null, "1.4.5-2.ph3", "photon-updates"),
                new PackageUpdate("openssl", "x86_64", null, "3.0.0-1.ph4", "photon-updates"));
    }

    @Test
    void infoGivesTheVersionFromItsFields() {
        PackageDetails info = TdnfOutput.info(Fixtures.read("tdnf/tdnf-photon5-info-perl-JSON-XS.txt")).orElseThrow();

        assertThat(info.name()).isEqualTo("perl-JSON-XS");
        assertThat(info.architecture()).isEqualTo("aarch64");
        assertThat(info.candidateVersion()).isEqualTo("4.03-1.ph5");
    }

    @Test
    void infoWithAnInstalledAndAnAvailableVersion() {
        // the fields tdnf prints after Release, in api.c's format (no complete public paste was found)
        String text = """
                Name          : zstd
                Arch          : x86_64
                Epoch         : 0
                Version       : 1.4.5
                Release       : 1.ph3
                Install Size  : 1.12M (1176540)
                Repo          : @System
                Summary       : Zstandard compression library
                URL           : https://github.com/facebook/zstd
                License       : BSD and GPLv2
                Description   : Zstandard compression library

                Name          : zstd
                Arch          : x86_64
                Epoch         : 0
                Version       : 1.4.5
                Release       : 2.ph3
                Install Size  : 1.12M (1176560)
                Repo          : photon-updates
                Summary       : Zstandard compression library
                URL           : https://github.com/facebook/zstd
                License       : BSD and GPLv2
                Description   : Zstandard compression library


                Total Size: 2.24M (2353100)
                """;

        PackageDetails info = TdnfOutput.info(text).orElseThrow();

        assertThat(info.installedVersion()).isEqualTo("1.4.5-1.ph3");
        assertThat(info.candidateVersion()).isEqualTo("1.4.5-2.ph3");
        assertThat(info.installedSize()).isEqualTo(1176540L);
        assertThat(info.repository()).isEqualTo("photon-updates");
        assertThat(info.license()).isEqualTo("BSD and GPLv2");
    }

    @Test
    void repolistGivesIdNameAndState() {
        assertThat(TdnfOutput.repositories(Fixtures.read("tdnf/tdnf-photon2-repolist.txt"))).containsExactly(
                new Repository("photon-updates", "VMware Photon Linux 2.0(x86_64)Updates", true, null),
                new Repository("photon-extras", "VMware Photon Extras 2.0(x86_64)", true, null),
                new Repository("photon", "VMware Photon Linux 2.0(x86_64)", true, null));
    }

    @Test
    void transactionLinesBecomeMessages() {
        List<Progress> steps = Fixtures.read("tdnf/tdnf-photon4-transaction.txt").lines()
                .map(l -> TdnfOutput.progress(l, 40)).flatMap(Optional::stream).toList();

        assertThat(steps).containsExactly(new Progress(40, "Installing/Updating openssl-3.0.0-1.ph4.x86_64"),
                new Progress(40, "Installing/Updating krb5-1.17-6.ph4.x86_64"));
    }

    @Test
    void historyJsonIsNewestFirst() {
        String json = """
                [{"Id":1,"CmdLine":"install zstd","TimeStamp":1700000000,"AddedCount":1,"RemovedCount":0,
                  "Added":["zstd-1.4.5-1.ph3.x86_64"],"Removed":[]},
                 {"Id":2,"CmdLine":"erase zstd","TimeStamp":1700000100,"AddedCount":0,"RemovedCount":1,
                  "Added":[],"Removed":["zstd-1.4.5-1.ph3.x86_64"]}]
                """;

        List<HistoryEntry> history = TdnfOutput.history(json);

        assertThat(history).extracting(HistoryEntry::id).containsExactly("2", "1");
        assertThat(history.getFirst().start()).isEqualTo("2023-11-14T22:15:00Z");
        assertThat(history.getFirst().changes()).containsExactly(
                new HistoryEntry.PackageChange("remove", "zstd-1.4.5-1.ph3.x86_64", null, null, null));
    }

    @Test
    void errorsAreTdnfsErrorLines() {
        assertThat(TdnfOutput.errors("", "Error(1011) : No matching packages\n"))
                .containsExactly("Error(1011) : No matching packages");
    }
}
