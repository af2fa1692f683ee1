package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** networkd INI text as the agent's JSON body, parsed on the client. */
class NetworkdBodyTest {
    @Test
    void sectionsRepeatedKeysAndRepeatedSectionsBecomeObjectsListsAndArrays() throws Exception {
        String ini = """
                # a comment
                [Match]
                Name=eth0

                [Network]
                DHCP=no
                Address=10.0.0.2/24
                Address=fd00::2/64
                DNS=1.1.1.1
                ; another comment
                DNS=
                DNS=9.9.9.9

                [Address]
                Address=10.0.1.2/24
                Label=eth0:1

                [Route]
                Gateway=10.0.0.1

                [Route]
                Destination=192.0.2.0/24
                Gateway=10.0.0.254
                """;
        assertThat(NetworkdBody.parseIni(ini)).isEqualTo(Json.parse("""
                {"Match":{"Name":"eth0"},
                 "Network":{"DHCP":"no","Address":["10.0.0.2/24","fd00::2/64"],"DNS":"9.9.9.9"},
                 "Address":[{"Address":"10.0.1.2/24","Label":"eth0:1"}],
                 "Route":[{"Gateway":"10.0.0.1"},{"Destination":"192.0.2.0/24","Gateway":"10.0.0.254"}]}"""));
    }

    @Test
    void aPlainSectionGivenTwiceBecomesAnArrayForTheAgentToJudge() throws Exception {
        assertThat(NetworkdBody.parseIni("[Link]\nMTUBytes=1400\n[Link]\nMTUBytes=1500\n"))
                .isEqualTo(Json.parse("{\"Link\":[{\"MTUBytes\":\"1400\"},{\"MTUBytes\":\"1500\"}]}"));
    }

    @Test
    void aLineThatIsNoSectionKeyOrCommentAndAKeyBeforeAnySectionAreErrorsNamingTheLine() {
        assertThatThrownBy(() -> NetworkdBody.parseIni("[Link]\nMTUBytes 1400\n"))
                .hasMessage("line 2: expected [Section] or Key=value: MTUBytes 1400");
        assertThatThrownBy(() -> NetworkdBody.parseIni("MTUBytes=1400\n"))
                .hasMessage("line 1: a key before any [Section]: MTUBytes=1400");
    }
}
