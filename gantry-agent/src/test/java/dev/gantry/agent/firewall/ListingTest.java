package dev.gantry.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.firewall.FirewallApi.Chain;
import dev.gantry.agent.firewall.FirewallApi.NamedSet;
import dev.gantry.agent.firewall.FirewallApi.Rule;
import dev.gantry.agent.firewall.FirewallApi.Table;
import dev.gantry.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing nft 1.0.6's listings, as printed by nft in a network namespace of this machine. */
class ListingTest {
    private static final String TABLE_JSON = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
             {"table": {"family": "inet", "name": "t", "handle": 1}},
             {"set": {"family": "inet", "name": "s", "table": "t", "type": "ipv4_addr", "handle": 3, "flags": ["interval"],
               "elem": [{"prefix": {"addr": "10.0.0.0", "len": 8}}, "192.168.1.1"]}},
             {"map": {"family": "inet", "name": "m", "table": "t", "type": "ipv4_addr", "handle": 4, "map": "verdict",
               "elem": [["1.2.3.4", {"accept": null}]]}},
             {"chain": {"family": "inet", "table": "t", "name": "input", "handle": 1, "type": "filter", "hook": "input",
               "prio": 0, "policy": "accept"}},
             {"chain": {"family": "inet", "table": "t", "name": "fwd", "handle": 2}},
             {"rule": {"family": "inet", "table": "t", "chain": "input", "handle": 2, "comment": "x",
               "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}},
                        {"counter": {"packets": 0, "bytes": 0}}, {"accept": null}]}}]}
            """;
    private static final String CHAIN_TEXT = """
            table inet t { # handle 1
            \tchain input { # handle 1
            \t\ttype filter hook input priority filter; policy accept;
            \t\ttcp dport 22 counter packets 0 bytes 0 accept comment "x" # handle 2
            \t}
            }
            """;

    private static JsonNode nftables(String json) throws Exception {
        return Json.mapper().readTree(json).get("nftables");
    }

    @Test
    void tablesChainsAndSetsComeFromTheJsonListing() throws Exception {
        JsonNode listing = nftables(TABLE_JSON);

        assertThat(Listing.tables(listing)).containsExactly(new Table("inet", "t", 1, List.of()));
        assertThat(Listing.chains(listing)).containsExactly(
                new Chain("inet", "t", "input", 1, "filter", "input", 0, "accept", null),
                new Chain("inet", "t", "fwd", 2, null, null, null, null, null));
        List<NamedSet> sets = Listing.sets(listing);
        assertThat(sets).extracting(NamedSet::name, NamedSet::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("s", "set"), org.assertj.core.groups.Tuple.tuple("m", "map"));
        assertThat(sets.get(0).flags()).containsExactly("interval");
        assertThat(sets.get(0).elements()).hasSize(2);
        assertThat(sets.get(1).map().asText()).isEqualTo("verdict");
    }

    @Test
    void nft106sBrokenTableFlagsAreDropped() throws Exception {
        JsonNode listing = nftables("""
                {"nftables": [{"table": {"family": "inet", "name": "d", "handle": 2, "flags": "Lester Gooch #5"}},
                 {"table": {"family": "inet", "name": "e", "handle": 3, "flags": ["dormant"]}}]}""");

        assertThat(Listing.tables(listing)).extracting(Table::flags).containsExactly(List.of(), List.of("dormant"));
    }

    @Test
    void eachRuleGetsItsTextByHandle() throws Exception {
        List<Rule> rules = Listing.rules(nftables(TABLE_JSON), CHAIN_TEXT);

        assertThat(rules).hasSize(1);
        Rule rule = rules.getFirst();
        assertThat(rule.handle()).isEqualTo(2);
        assertThat(rule.text()).isEqualTo("tcp dport 22 counter packets 0 bytes 0 accept comment \"x\"");
        assertThat(rule.comment()).isEqualTo("x");
        assertThat(rule.expr()).hasSize(3);
    }

    @Test
    void theEchoOfATextBatchGivesTheNewRulesHandle() {
        assertThat(Listing.echoedHandle("add rule inet t input tcp dport 22 accept # handle 7\n"
                + "# new generation 3 by process 11389 (nft)\n")).isEqualTo(7);
        assertThat(Listing.echoedHandle("")).isEqualTo(-1);
    }

    @Test
    void theEchoOfAJsonBatchGivesTheNewRulesHandle() throws Exception {
        assertThat(Listing.echoedHandle(nftables("""
                {"nftables": [{"add": {"rule": {"family": "inet", "table": "t", "chain": "c", "handle": 9,
                  "expr": [{"accept": null}]}}}]}"""))).isEqualTo(9);
    }

    @Test
    void theRulesetIsPassedOnAsNftPrintedIt() {
        String printed = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}";

        assertThat(Json.text(new com.fasterxml.jackson.databind.util.RawValue(printed))).isEqualTo(printed);
    }
}
