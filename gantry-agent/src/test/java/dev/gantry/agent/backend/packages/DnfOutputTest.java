package dev.gantry.agent.backend.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnfOutputTest {
    @Test
    void listInstalledOfDnf4GivesNameArchVersionAndRepository() {
        List<Package> packages = DnfOutput.list(Fixtures.read("dnf/dnf4-fedora40-list-installed.txt"), "installed");

        assertThat(packages).hasSize(9);
        assertThat(packages.getFirst()).isEqualTo(
                new Package("AtomicParsley", "0.9.5-25.fc40", "x86_64", "@System", "installed", null));
        assertThat(packages.get(4)).isEqualTo(
                new Package("GeoIP-GeoLite-data", "2018.06-16.fc40", "noarch", "fedora", "installed", null));
        assertThat(packages.get(6).name()).isEqualTo("GraphicsMagick-c++");
        assertThat(packages.getLast()).isEqualTo(
                new Package("ImageMagick", "1:7.1.1.33-1.fc40", "x86_64", "updates", "installed", null));
    }

    @Test
    void aNameTooLongForItsColumnContinuesOnTheNextLine() {
        String text = """
                Installed Packages
                python3-pytest-subtests-and-a-long-name.noarch
                                                    0.11.0-5.fc40                      @fedora
                zlib.x86_64                         1.3.1-1.fc40                       @anaconda
                """;

        assertThat(DnfOutput.list(text, "installed")).containsExactly(
                new Package("python3-pytest-subtests-and-a-long-name", "0.11.0-5.fc40", "noarch", "fedora", "installed", null),
                new Package("zlib", "1.3.1-1.fc40", "x86_64", "anaconda", "installed", null));
    }

    @Test
    void checkUpdateSkipsTheMetadataLineAndGivesTheNewVersions() {
        List<PackageUpdate> updates = DnfOutput.updates(Fixtures.read("dnf/dnf2-fedora25-check-update.txt"));

        assertThat(updates).hasSize(10);
        assertThat(updates.getFirst()).isEqualTo(new PackageUpdate("PackageKit", "x86_64", null, "1.1.4-2.fc25", "updates"));
        assertThat(updates.getLast()).isEqualTo(new PackageUpdate("cockpit-ws", "x86_64", null, "126-1.fc25", "updates"));
    }

    @Test
    void checkUpdateStopsAtObsoletingPackages() {
        String text = """
                podman.x86_64                         1.6.4-10.module_el8.2.0+305+5e198a41           AppStream
                Obsoleting Packages
                grub2-tools-efi.x86_64                1:2.02-87.el8_2                                BaseOS
                    grub2-tools.x86_64                1:2.02-78.el8_1.1                              @BaseOS
                """;

        assertThat(DnfOutput.updates(text)).extracting(PackageUpdate::name).containsExactly("podman");
    }

    @Test
    void infoOfDnf5ReadsSizesInMebibytesAndTheWrappedDescription() {
        PackageDetails bash = DnfOutput.info(Fixtures.read("dnf/dnf5-fedora41-info-bash.txt")).orElseThrow();

        assertThat(bash.name()).isEqualTo("bash");
        assertThat(bash.architecture()).isEqualTo("x86_64");
        assertThat(bash.installedVersion()).isNull();
        assertThat(bash.candidateVersion()).isEqualTo("5.2.26-3.fc40");
        assertThat(bash.installedSize()).isEqualTo(Math.round(8.1 * 1024 * 1024));
        assertThat(bash.downloadSize()).isEqualTo(Math.round(1.8 * 1024 * 1024));
        assertThat(bash.repository()).isEqualTo("fedora");
        assertThat(bash.summary()).isEqualTo("The GNU Bourne Again shell");
        assertThat(bash.description()).startsWith("The GNU Bourne Again shell (Bash) is a shell or command language "
                + "interpreter that is compatible").endsWith("can be run by bash without modification.");
        assertThat(bash.license()).isEqualTo("GPL-3.0-or-later");
        assertThat(bash.homepage()).isEqualTo("https://www.gnu.org/software/bash");
    }

    @Test
    void infoInTheOlderLayoutReadsArchRepoAndSize() {
        String text = "Installed Packages\n" + Fixtures.read("dnf/dnf1-fedora23-repoquery-info-tito.txt");

        PackageDetails tito = DnfOutput.info(text).orElseThrow();

        assertThat(tito.architecture()).isEqualTo("noarch");
        assertThat(tito.repository()).isEqualTo("System");
        assertThat(tito.installedSize()).isEqualTo(465 * 1024L);
        assertThat(tito.description()).isEqualTo(
                "Tito is a tool for managing tarballs, rpms, and builds for projects using git.");
    }

    @Test
    void infoOfNothingIsEmpty() {
        assertThat(DnfOutput.info("Error: No matching Packages to list\n")).isEmpty();
    }

    @Test
    void transactionStepsBecomeProgress() {
        List<Progress> steps = Fixtures.read("dnf/dnf-fedora29-transaction.txt").lines()
                .map(DnfOutput::progress).flatMap(java.util.Optional::stream).toList();

        assertThat(steps).hasSize(12);
        assertThat(steps.get(0)).isEqualTo(new Progress(7, "Installing python2-libdnf-0.17.0-2.fc29.x86_64"));
        assertThat(steps.get(11)).isEqualTo(new Progress(90, "Running scriptlet python2-dnf-3.2.0-2.fc29.noarch"));
        assertThat(DnfOutput.progress("  Verifying        : htop-3.2.2-2.fc38.x86_64          1/1"))
                .contains(new Progress(100, "Verifying htop-3.2.2-2.fc38.x86_64"));
    }

    @Test
    void sizesAreIn1024s() {
        assertThat(DnfOutput.size("465 k")).contains(476160L);
        assertThat(DnfOutput.size("7.9 M")).contains(Math.round(7.9 * 1024 * 1024));
        assertThat(DnfOutput.size("800")).contains(800L);
        assertThat(DnfOutput.size("lots")).isEmpty();
    }

    @Test
    void errorsAreDnfsErrorLines() {
        assertThat(DnfOutput.errors("", "No match for argument: nosuch\nError: Unable to find a match: nosuch\n"))
                .containsExactly("No match for argument: nosuch", "Error: Unable to find a match: nosuch");
    }
}
