package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseFileParserTest {
    static final String FILE = """
            default-duid "\\000\\001\\000\\001";
            lease {
              interface "eth0";
              fixed-address 10.0.0.5;
              option subnet-mask 255.255.255.0;
              option routers 10.0.0.1;
              option domain-name-servers 10.0.0.2,10.0.0.3;
              option domain-name "old.example";
              renew 2 2026/12/08 10:00:00;
            }
            lease {
              interface "eth1";
              fixed-address 192.168.7.20;
              option routers 192.168.7.1;
              option host-name "box; not a statement";
            }
            # a comment { with braces }
            lease6 {
              interface "eth0";
              ia-na 1a:2b { iaaddr 2001:db8::5 { max-life 600; } }
            }
            lease {
              interface "eth0";
              fixed-address 10.0.0.6;
              option subnet-mask 255.255.255.0;
              option domain-name "corp.example lab.example";
            }
            """;

    @Test
    void theLastIpv4LeaseOfEachInterfaceWins() {
        Map<String, DhcpLease> leases = LeaseFileParser.parse(FILE);
        assertThat(leases).containsOnlyKeys("eth0", "eth1");
        DhcpLease eth0 = leases.get("eth0");
        assertThat(eth0.fixedAddress()).isEqualTo("10.0.0.6");
        assertThat(eth0.domains()).containsExactly("corp.example", "lab.example");
        assertThat(eth0.routers()).isEmpty();
        assertThat(eth0.subnetMask()).hasValue("255.255.255.0");
        DhcpLease eth1 = leases.get("eth1");
        assertThat(eth1.routers()).containsExactly("192.168.7.1");
        assertThat(eth1.hostname()).hasValue("box; not a statement");
    }

    @Test
    void listsAreSplitOnCommasAndSpaces() {
        DhcpLease lease = LeaseFileParser.parse(FILE.substring(0, FILE.indexOf("lease {\n  interface \"eth1\""))).get("eth0");
        assertThat(lease.dns()).containsExactly("10.0.0.2", "10.0.0.3");
        assertThat(lease.routers()).containsExactly("10.0.0.1");
    }

    @Test
    void anEmptyOrBrokenFileHasNoLeases() {
        assertThat(LeaseFileParser.parse("")).isEmpty();
        assertThat(LeaseFileParser.parse("lease { fixed-address 1.2.3.4; }")).isEmpty();
        assertThat(LeaseFileParser.parse("lease { interface \"eth0\"; fixed-addr")).isEmpty();
    }
}
