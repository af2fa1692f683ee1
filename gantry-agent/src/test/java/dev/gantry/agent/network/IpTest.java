package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void ipv4IsAStrictDottedQuad() {
        assertThat(Ip.address("192.0.2.1").map(IpTest::hex)).contains("c0000201");
        assertThat(Ip.address("0.0.0.0")).isPresent();
        assertThat(Ip.address("255.255.255.255")).isPresent();
        assertThat(Ip.address("256.0.0.1")).isEmpty();
        assertThat(Ip.address("10.1")).isEmpty();
        assertThat(Ip.address("010.0.0.1")).isEmpty();
        assertThat(Ip.address("10.0.0.1 ")).isEmpty();
        assertThat(Ip.address("localhost")).isEmpty();
        assertThat(Ip.address("")).isEmpty();
        assertThat(Ip.address(null)).isEmpty();
    }

    @Test
    void ipv6IsALiteralWithoutZoneAndNeverAName() {
        assertThat(Ip.address("fd00::1").map(IpTest::hex)).contains("fd000000000000000000000000000001");
        assertThat(Ip.address("::")).isPresent();
        assertThat(Ip.address("::ffff:192.0.2.1").map(IpTest::hex)).contains("00000000000000000000ffffc0000201");
        assertThat(Ip.address("fe80::1%eth0")).isEmpty();
        assertThat(Ip.address("fd00::g")).isEmpty();
        assertThat(Ip.address("[fd00::1]")).isEmpty();
        assertThat(Ip.address("1:2:3:4:5:6:7:8:9")).isEmpty();
    }

    @Test
    void prefixesNeedALengthInRangeUnlessABareAddressIsAllowed() {
        Ip.Prefix p = Ip.prefix("10.0.0.0/8", true).orElseThrow();
        assertThat(p.length()).isEqualTo(8);
        assertThat(p.family()).isEqualTo(2);
        assertThat(Ip.prefix("fd00::/64", true).orElseThrow().family()).isEqualTo(10);
        assertThat(Ip.prefix("10.0.0.1/33", true)).isEmpty();
        assertThat(Ip.prefix("fd00::/129", true)).isEmpty();
        assertThat(Ip.prefix("10.0.0.1/", true)).isEmpty();
        assertThat(Ip.prefix("10.0.0.1/-1", true)).isEmpty();
        assertThat(Ip.prefix("10.0.0.1", true)).isEmpty();
        assertThat(Ip.prefix("10.0.0.1", false).orElseThrow().length()).isEqualTo(32);
        assertThat(Ip.prefix("fd00::1", false).orElseThrow().length()).isEqualTo(128);
    }

    @Test
    void interfaceNamesFollowTheKernelsRules() {
        assertThat(NetworkModule.Names.interfaceName("eth0")).isTrue();
        assertThat(NetworkModule.Names.interfaceName("br-lan.100")).isTrue();
        assertThat(NetworkModule.Names.interfaceName("sixteen-chars-xx")).isFalse();
        assertThat(NetworkModule.Names.interfaceName("a/b")).isFalse();
        assertThat(NetworkModule.Names.interfaceName("a b")).isFalse();
        assertThat(NetworkModule.Names.interfaceName("..")).isFalse();
        assertThat(NetworkModule.Names.interfaceName("")).isFalse();
    }
}
