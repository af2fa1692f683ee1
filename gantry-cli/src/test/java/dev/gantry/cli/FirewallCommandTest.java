package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gantry firewall} against a recording stand-in: the request each command sends and how it
 * shows the answer. The routes' real effect on nftables is tested in a box (FirewallIT).
 */
class FirewallCommandTest {
    private static final String BASE = "/api/v1/firewall/tables/inet/filter";
    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void showSummarisesEachTable() {
        agent.on("GET", "/api/v1/firewall/ruleset", 200, """
                {"nftables":[{"metainfo":{"version":"1.0.6"}},
                 {"table":{"family":"inet","name":"filter","handle":1}},
                 {"table":{"family":"ip","name":"nat","handle":2}},
                 {"set":{"family":"inet","table":"filter","name":"s","type":"ipv4_addr"}},
                 {"chain":{"family":"inet","table":"filter","name":"input","handle":1}},
                 {"rule":{"family":"inet","table":"filter","chain":"input","handle":2,"expr":[]}},
                 {"rule":{"family":"inet","table":"filter","chain":"input","handle":3,"expr":[]}}]}""");

        Cli.Run run = agent.gantry("firewall", "show");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/firewall/ruleset", ""));
        assertThat(run.out()).isEqualTo("""
                FAMILY   TABLE    CHAINS   RULES   SETS
                inet     filter   1        2       1
                ip       nat      0        0       0
                """);
    }

    @Test
    void tablesListsFamilyNameHandleAndFlags() {
        agent.on("GET", "/api/v1/firewall/tables", 200, """
                [{"family":"inet","name":"filter","handle":1,"flags":[]},
                 {"family":"ip","name":"off","handle":7,"flags":["dormant"]}]""");

        Cli.Run run = agent.gantry("firewall", "tables");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                FAMILY   NAME     HANDLE   FLAGS
                inet     filter   1        -
                ip       off      7        dormant
                """);
    }

    @Test
    void chainsShowsBaseChainsHookAndPolicy() {
        agent.on("GET", BASE + "/chains", 200, """
                [{"family":"inet","table":"filter","name":"input","handle":1,"type":"filter","hook":"input",
                  "priority":0,"policy":"drop"},
                 {"family":"inet","table":"filter","name":"web","handle":2}]""");

        Cli.Run run = agent.gantry("firewall", "chains", "inet", "filter");

        assertThat(run.exit()).isZero();
        assertThat(agent.only().target()).isEqualTo(BASE + "/chains");
        assertThat(run.out()).isEqualTo("""
                NAME    TYPE     HOOK    PRIORITY   POLICY   HANDLE
                input   filter   input   0          drop     1
                web     -        -       -          -        2
                """);
    }

    @Test
    void rulesAreShownAsNftWritesThemWithTheirHandles() {
        agent.on("GET", BASE + "/chains/input/rules", 200, """
                [{"family":"inet","table":"filter","chain":"input","handle":4,"text":"tcp dport 22 accept","expr":[]},
                 {"family":"inet","table":"filter","chain":"input","handle":9,"text":"ip saddr @blocked drop","expr":[]}]""");

        Cli.Run run = agent.gantry("firewall", "rules", "inet", "filter", "input");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                HANDLE   RULE
                4        tcp dport 22 accept
                9        ip saddr @blocked drop
                """);
    }

    @Test
    void addRuleSendsTheWordsAsOneRuleWithItsPlacement() {
        agent.on("POST", BASE + "/chains/input/rules", 201, """
                {"family":"inet","table":"filter","chain":"input","handle":12,"text":"tcp dport 22 accept","expr":[]}""");

        Cli.Run run = agent.gantry("firewall", "add-rule", "inet", "filter", "input", "tcp", "dport", "22", "accept",
                "--before", "4", "--comment", "ssh");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", BASE + "/chains/input/rules",
                "{\"rule\":\"tcp dport 22 accept\",\"position\":4,\"comment\":\"ssh\"}"));
        assertThat(run.out()).isEqualTo("""
                Handle:  12
                Rule:    tcp dport 22 accept
                """);
    }

    @Test
    void addRuleWithDryRunOnlyChecks() {
        agent.on("POST", BASE + "/chains/input/rules", 204, "");

        Cli.Run run = agent.gantry("firewall", "add-rule", "--dry-run", "--replace", "3", "inet", "filter", "input",
                "drop");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST",
                BASE + "/chains/input/rules?dryRun=true", "{\"rule\":\"drop\",\"handle\":3}"));
        assertThat(run.out()).isEqualTo("nft accepts the change (dry run: nothing changed)\n");
    }

    @Test
    void aRuleNftRejectsPrintsNftsMessageAndExits1() {
        agent.on("POST", BASE + "/chains/input/rules", 400, """
                {"type":"https://gantry.dev/problems/nft-rejected","title":"nft rejected the request","status":400,
                 "detail":"/dev/stdin:1:27-30: Error: syntax error, unexpected string"}""");

        Cli.Run run = agent.gantry("firewall", "add-rule", "inet", "filter", "input", "tcp", "dprt", "22");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).contains("Error: syntax error, unexpected string");
    }

    @Test
    void deleteRuleDeletesByHandle() {
        agent.on("DELETE", BASE + "/chains/input/rules/12", 204, "");

        Cli.Run run = agent.gantry("firewall", "delete-rule", "inet", "filter", "input", "12");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("DELETE", BASE + "/chains/input/rules/12", ""));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void setsShowElementsInNftsNotation() {
        agent.on("GET", BASE + "/sets", 200, """
                [{"family":"inet","table":"filter","name":"blocked","kind":"set","type":"ipv4_addr","flags":["interval"],
                  "elements":[{"prefix":{"addr":"10.0.0.0","len":8}},"192.0.2.7",{"range":["10.1.0.1","10.1.0.9"]}]},
                 {"family":"inet","table":"filter","name":"svc","kind":"set","type":["ipv4_addr","inet_service"],
                  "flags":[],"elements":[{"concat":["10.0.0.1",22]}]},
                 {"family":"inet","table":"filter","name":"v","kind":"map","type":"ipv4_addr","map":"verdict","flags":[],
                  "elements":[["1.2.3.4",{"accept":null}],["5.6.7.8",{"jump":{"target":"web"}}]]}]""");

        Cli.Run run = agent.gantry("firewall", "sets", "inet", "filter");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                NAME      KIND   TYPE                       FLAGS      ELEMENTS
                blocked   set    ipv4_addr                  interval   10.0.0.0/8, 192.0.2.7, 10.1.0.1-10.1.0.9
                svc       set    ipv4_addr . inet_service   -          10.0.0.1 . 22
                v         map    ipv4_addr : verdict        -          1.2.3.4 : accept, 5.6.7.8 : jump web
                """);
    }

    @Test
    void saveSendsNoBodyAndShowsWhereTheFileWent() {
        agent.on("POST", "/api/v1/firewall/save", 200,
                "{\"path\":\"/etc/nftables.conf\",\"backup\":\"/etc/nftables.conf.bak\",\"bytes\":812}");

        Cli.Run run = agent.gantry("firewall", "save");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/firewall/save", ""));
        assertThat(run.out()).isEqualTo("""
                Saved:   /etc/nftables.conf
                Backup:  /etc/nftables.conf.bak
                Bytes:   812
                """);
    }

    @Test
    void restoreLoadsTheBackupWhenAsked() {
        agent.on("POST", "/api/v1/firewall/restore", 200, "{\"path\":\"/etc/nftables.conf.bak\"}");

        Cli.Run run = agent.gantry("firewall", "restore", "--backup");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/firewall/restore",
                "{\"from\":\"backup\"}"));
        assertThat(run.out()).isEqualTo("Restored:  /etc/nftables.conf.bak\n");
    }

    @Test
    void restoreDryRunOnlyChecks() {
        agent.on("POST", "/api/v1/firewall/restore", 204, "");

        Cli.Run run = agent.gantry("firewall", "restore", "--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/firewall/restore?dryRun=true",
                "{\"from\":\"saved\"}"));
        assertThat(run.out()).isEqualTo("nft accepts the change (dry run: nothing changed)\n");
    }

    @Test
    void runPassesNftsArgumentsAndPrintsItsOutput() {
        agent.on("POST", "/api/v1/firewall/run", 200,
                "{\"args\":[\"list\",\"tables\"],\"stdout\":\"table inet filter\\ntable ip nat\\n\"}");

        Cli.Run run = agent.gantry("firewall", "run", "--", "-n", "list", "tables");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/firewall/run",
                "{\"args\":[\"-n\",\"list\",\"tables\"]}"));
        assertThat(run.out()).isEqualTo("table inet filter\ntable ip nat\n");
    }
}
