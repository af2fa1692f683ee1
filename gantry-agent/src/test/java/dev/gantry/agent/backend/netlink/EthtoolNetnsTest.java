package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ethtool client against a veth pair in a namespace of its own, every answer compared with what
 * the ethtool command prints for the same link (the command is installed for tests).
 */
class EthtoolNetnsTest {
    private TestNetns ns;

    @BeforeEach
    void createVeth() throws Exception {
        assumeTrue(TestNetns.possible(), "creating a network namespace needs root");
        ns = TestNetns.create();
        ns.exec("ip", "link", "add", "gte0", "type", "veth", "peer", "name", "gte1");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    /** {@code ethtool -k} as the command prints it, rebuilt from the client's answer. */
    static String featuresAsEthtoolPrintsThem(String link, EthtoolFeatures f) {
        StringBuilder out = new StringBuilder("Features for " + link + ":\n");
        List<String> grouped = new ArrayList<>();
        for (EthtoolFeatureGroup g : f.groups()) {
            if (g.features().size() == 1) {
                out.append(line(g.name(), f.features().get(g.features().getFirst()), ""));
            } else {
                out.append(g.name()).append(": ").append(g.active() ? "on" : "off").append('\n');
                g.features().forEach(n -> out.append(line(n, f.features().get(n), "\t")));
            }
            grouped.addAll(g.features());
        }
        f.features().forEach((n, s) -> {
            if (!grouped.contains(n)) {
                out.append(line(n, s, ""));
            }
        });
        return out.toString();
    }

    private static String line(String name, EthtoolFeature s, String prefix) {
        String suffix = s.fixed() ? " [fixed]" : s.requested() == null ? ""
                : s.requested() ? " [requested on]" : " [requested off]";
        return prefix + name + ": " + (s.active() ? "on" : "off") + suffix + "\n";
    }

    @Test
    void readsMatchTheEthtoolCommand() throws Exception {
        try (Ethtool ethtool = new Ethtool()) {
            EthtoolFeatures features = ns.call(() -> ethtool.features("gte0"));
            assertThat(featuresAsEthtoolPrintsThem("gte0", features)).isEqualTo(ns.exec("ethtool", "-k", "gte0"));

            EthtoolDriver driver = ns.call(() -> ethtool.driver("gte0"));
            assertThat(ns.exec("ethtool", "-i", "gte0")).startsWith("driver: " + driver.driver() + "\nversion: "
                    + driver.version() + "\nfirmware-version: " + driver.firmwareVersion()
                    + "\nexpansion-rom-version: " + driver.expansionRomVersion() + "\nbus-info: " + driver.busInfo()
                    + "\nsupports-statistics: " + (driver.supportsStatistics() ? "yes" : "no"));
            assertThat(driver.driver()).isEqualTo("veth");

            Map<String, Long> stats = ns.call(() -> ethtool.statistics("gte0"));
            Map<String, Long> printed = new LinkedHashMap<>();
            for (String l : ns.exec("ethtool", "-S", "gte0").lines().skip(1).toList()) {
                String[] kv = l.trim().split(": ");
                printed.put(kv[0], Long.parseLong(kv[1]));
            }
            assertThat(stats).containsExactlyEntriesOf(printed).containsKey("peer_ifindex");

            Map<String, Object> channels = ns.call(() -> ethtool.block("gte0", EthtoolBlock.CHANNELS));
            String l = ns.exec("ethtool", "-l", "gte0");
            assertThat(l).contains("Pre-set maximums:\nRX:\t\t" + channels.get("rxMax") + "\nTX:\t\t"
                    + channels.get("txMax") + "\n");
            assertThat(l).contains("Current hardware settings:\nRX:\t\t" + channels.get("rx") + "\nTX:\t\t"
                    + channels.get("tx") + "\n");

            EthtoolSettings settings = ns.call(() -> ethtool.settings("gte0"));
            String printedSettings = ns.exec("ethtool", "gte0");
            assertThat(printedSettings).contains("\tSpeed: " + settings.speed() + "Mb/s\n")
                    .contains("\tDuplex: Full\n").contains("\tPort: " + settings.port() + "\n")
                    .contains("\tAuto-negotiation: " + (settings.autoneg() ? "on" : "off") + "\n")
                    .contains("\tTransceiver: " + settings.transceiver() + "\n");
            assertThat(settings.duplex()).isEqualTo("full");
            EthtoolLinkState state = ns.call(() -> ethtool.linkState("gte0"));
            assertThat(printedSettings).contains("\tLink detected: " + (state.link() ? "yes" : "no") + "\n");
            assertThat(ns.call(() -> ethtool.permanentAddress("gte0"))).isEmpty();
            assertThat(ns.exec("ethtool", "-P", "gte0")).isEqualTo("Permanent address: not set\n");
        }
    }

    @Test
    void featureAndChannelChangesShowInTheEthtoolCommand() throws Exception {
        try (Ethtool ethtool = new Ethtool()) {
            assertThat(ns.exec("ethtool", "-k", "gte0")).contains("\ngeneric-receive-offload: off\n");
            ns.call(() -> {
                ethtool.setFeatures("gte0", Map.of("rx-gro", true, "tx-checksum-ip-generic", false));
                return null;
            });
            assertThat(ns.exec("ethtool", "-k", "gte0")).contains("\ngeneric-receive-offload: on\n")
                    .contains("\ttx-checksum-ip-generic: off\n");

            ns.call(() -> {
                ethtool.setBlock("gte0", EthtoolBlock.CHANNELS, Map.of("rx", 2L));
                return null;
            });
            assertThat(ns.exec("ethtool", "-l", "gte0")).contains("Current hardware settings:\nRX:\t\t2\n");
        }
    }

    @Test
    void unsupportedOperationsUnknownLinksAndRefusedValuesCarryTheKernelsErrno() throws Exception {
        try (Ethtool ethtool = new Ethtool()) {
            assertThatThrownBy(() -> ns.call(() -> ethtool.block("gte0", EthtoolBlock.RINGS)))
                    .rootCause().isInstanceOfSatisfying(NetlinkException.class,
                            e -> assertThat(e.errno()).isEqualTo(NetlinkException.EOPNOTSUPP));
            assertThatThrownBy(() -> ns.call(() -> ethtool.features("nosuch0")))
                    .rootCause().isInstanceOfSatisfying(NetlinkException.class,
                            e -> assertThat(e.errno()).isEqualTo(NetlinkException.ENODEV));
            assertThatThrownBy(() -> ns.call(() -> ethtool.driver("nosuch0")))
                    .rootCause().isInstanceOfSatisfying(NetlinkException.class,
                            e -> assertThat(e.errno()).isEqualTo(NetlinkException.ENODEV));
            assertThatThrownBy(() -> ns.call(() -> {
                ethtool.setBlock("gte0", EthtoolBlock.CHANNELS, Map.of("rx", 64L));
                return null;
            })).rootCause().isInstanceOfSatisfying(NetlinkException.class, e -> {
                assertThat(e.errno()).isEqualTo(NetlinkException.EINVAL);
                assertThat(e.kernelMessage()).isPresent();
            });
            assertThat(ns.exec("ethtool", "-l", "gte0")).contains("Current hardware settings:\nRX:\t\t1\n");
        }
    }
}
