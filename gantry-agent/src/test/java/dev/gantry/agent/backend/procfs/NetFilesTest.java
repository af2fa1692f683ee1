package dev.gantry.agent.backend.procfs;

import static dev.gantry.agent.backend.procfs.ProcFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetFilesTest {
    @TempDir
    Path root;

    @Test
    void arpEntriesSkipTheHeaderAndMalformedLines() throws Exception {
        ProcFixtures.write(root, "proc/net/arp", """
                IP address       HW type     Flags       HW address            Mask     Device
                10.0.2.2         0x1         0x2         52:54:00:12:35:02     *        eth0
                10.0.2.9         0x1         0x0         00:00:00:00:00:00     *        eth0
                garbage line
                10.0.2.7         zz          0x2         52:54:00:12:35:02     *        eth0
                """);
        List<ArpEntry> arp = ArpEntry.read(root);
        assertThat(arp).containsExactly(
                new ArpEntry("10.0.2.2", 1, 2, "52:54:00:12:35:02", "*", "eth0"),
                new ArpEntry("10.0.2.9", 1, 0, "00:00:00:00:00:00", "*", "eth0"));
        assertThat(arp.get(0).complete()).isTrue();
        assertThat(arp.get(1).complete()).isFalse();
    }

    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 18641 1 0000000000000000 100 0 0 10 0
               1: 0F02000A:0016 0202000A:C350 01 00000010:00000002 02:000A7A1B 00000000     0        0 24567 4 0000000000000000 20 4 31 10 -1
               2: broken
            """;

    @Test
    void tcpLinesBecomeAddressesPortsAndSsStates() {
        List<InetSocket> s = InetSocket.parse(bytes(TCP), "tcp");
        assertThat(s).containsExactly(
                new InetSocket("tcp", "127.0.0.1", 53, "0.0.0.0", 0, "LISTEN", 0, 0, 101, 18641),
                new InetSocket("tcp", "10.0.2.15", 22, "10.0.2.2", 50000, "ESTAB", 16, 2, 0, 24567));
    }

    @Test
    void tcp6AddressesAreCompressedAndMappedV4IsDotted() {
        String tcp6 = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20001 1
                   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20002 1
                   2: 0000000000000000FFFF00000F02000A:1F90 0000000000000000FFFF00000202000A:D431 01 00000000:00000000 00:00000000 00000000  1000        0 20003 1
                   3: 000080FE00000000FF005452020012FE:0016 B80D0120000000000000000001000000:0050 06 00000000:00000000 00:00000000 00000000     0        0 0 1
                """;
        List<InetSocket> s = InetSocket.parse(bytes(tcp6), "tcp6");
        assertThat(s).extracting(InetSocket::localAddress)
                .containsExactly("::", "::1", "::ffff:10.0.2.15", "fe80::5254:ff:fe12:2");
        assertThat(s.get(3).remoteAddress()).isEqualTo("2001:db8::1");
        assertThat(s.get(3).state()).isEqualTo("TIME-WAIT");
        assertThat(s.get(2).remotePort()).isEqualTo(0xD431);
    }

    @Test
    void udpStatesAreUnconnOrEstab() {
        String udp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                  765: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 18640 2 0000000000000000 0
                  766: 0F02000A:0044 0202000A:0043 01 00000000:00000000 00:00000000 00000000   998        0 18641 2 0000000000000000 0
                """;
        assertThat(InetSocket.parse(bytes(udp), "udp")).extracting(InetSocket::state).containsExactly("UNCONN", "ESTAB");
    }

    @Test
    void anUnknownProtocolIsRefusedAndAMissingFileIsEmpty() {
        assertThatThrownBy(() -> InetSocket.parse(bytes(TCP), "sctp")).isInstanceOf(IllegalArgumentException.class);
        assertThat(InetSocket.read(root, "tcp6")).isEmpty();
    }

    @Test
    void unixSocketsWithTypesStatesAndPaths() {
        String unix = """
                Num       RefCount Protocol Flags    Type St Inode Path
                0000000000000000: 00000002 00000000 00010000 0001 01 20734 /run/systemd/journal/stdout
                0000000000000000: 00000003 00000000 00000000 0001 03 20800
                0000000000000000: 00000002 00000000 00000000 0002 01 20900 @/tmp/abstract with space
                bad line
                """;
        assertThat(UnixSocket.parse(bytes(unix))).containsExactly(
                new UnixSocket(2, 0x10000, "stream", "LISTEN", 20734, "/run/systemd/journal/stdout"),
                new UnixSocket(3, 0, "stream", "ESTAB", 20800, ""),
                new UnixSocket(2, 0, "dgram", "UNCONN", 20900, "@/tmp/abstract with space"));
    }

    @Test
    void snmpPairsHeaderAndValueLines() throws Exception {
        ProcFixtures.write(root, "proc/net/snmp", """
                Ip: Forwarding DefaultTTL InReceives
                Ip: 1 64 12345
                Tcp: RtoAlgorithm MaxConn ActiveOpens
                Tcp: 1 -1 77
                Udp: InDatagrams NoPorts
                Udp: 1
                Lonely: header only
                """);
        ProcFixtures.write(root, "proc/net/netstat", """
                TcpExt: SyncookiesSent ListenDrops
                TcpExt: 0 3
                """);
        Map<String, Map<String, Long>> p = Snmp.read(root).protocols();
        assertThat(p.keySet()).containsExactly("Ip", "Tcp", "TcpExt");
        assertThat(p.get("Ip")).containsExactly(Map.entry("Forwarding", 1L), Map.entry("DefaultTTL", 64L),
                Map.entry("InReceives", 12345L));
        assertThat(p.get("Tcp").get("MaxConn")).isEqualTo(-1);
        assertThat(p.get("TcpExt").get("ListenDrops")).isEqualTo(3);
    }

    @Test
    void theHostsNetFilesParse() {
        Path host = Path.of("/");
        assertThat(InetSocket.read(host, "tcp")).isNotNull();
        assertThat(Snmp.read(host).protocols()).containsKeys("Ip", "Tcp", "Udp");
        assertThat(UnixSocket.read(host)).isNotEmpty();
        ArpEntry.read(host);
    }
}
