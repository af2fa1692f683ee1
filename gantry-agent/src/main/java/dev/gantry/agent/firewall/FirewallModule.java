package dev.gantry.agent.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.NftRuleCounters;
import dev.gantry.agent.backend.nft.Nft;
import dev.gantry.agent.firewall.FirewallApi.Chain;
import dev.gantry.agent.firewall.FirewallApi.Elements;
import dev.gantry.agent.firewall.FirewallApi.NamedSet;
import dev.gantry.agent.firewall.FirewallApi.NewChain;
import dev.gantry.agent.firewall.FirewallApi.NewRule;
import dev.gantry.agent.firewall.FirewallApi.NewSet;
import dev.gantry.agent.firewall.FirewallApi.NewTable;
import dev.gantry.agent.firewall.FirewallApi.Restore;
import dev.gantry.agent.firewall.FirewallApi.Restored;
import dev.gantry.agent.firewall.FirewallApi.Rule;
import dev.gantry.agent.firewall.FirewallApi.RulesReset;
import dev.gantry.agent.firewall.FirewallApi.Run;
import dev.gantry.agent.firewall.FirewallApi.RunOutput;
import dev.gantry.agent.firewall.FirewallApi.Saved;
import dev.gantry.agent.firewall.FirewallApi.Table;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Violations;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /api/v1/firewall}: nftables through {@code nft}, reads as libnftables' JSON, every change
 * one nft batch (one kernel transaction), so a rejected change leaves the ruleset as it was and the
 * caller gets nft's own message in a 400. {@code ?dryRun=true} on a change only has nft check it
 * ({@code nft -c}): 204 if it would apply, the same 400 if not. Table, chain and set names in the
 * path that do not exist are a 404.
 */
public final class FirewallModule implements ApiModule {
    static final String TABLE = "/firewall/tables/{family}/{name}";
    static final String CHAIN = TABLE + "/chains/{chain}";
    static final String SET = TABLE + "/sets/{set}";
    private static final String DRY_RUN = "only check the change with nft -c: 204 if it would apply, nothing changes";

    private final Nft nft;
    private final Firewall firewall;
    private final Persistence persistence;
    private final NftRuleCounters ruleCounters;

    /** {@code savedRuleset}: the file nftables.service loads; saved files are made root's. */
    public FirewallModule(Nft nft, NftRuleCounters ruleCounters, Path savedRuleset) {
        this(nft, ruleCounters, new Persistence(nft, savedRuleset, 0));
    }

    FirewallModule(Nft nft, NftRuleCounters ruleCounters, Persistence persistence) {
        this.nft = nft;
        this.firewall = new Firewall(nft);
        this.persistence = persistence;
        this.ruleCounters = ruleCounters;
    }

    /** The file Debian's nftables.service loads at boot. */
    public static Path debianRuleset() {
        return Persistence.DEBIAN;
    }

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public String description() {
        return "nftables: tables, chains, rules, sets; the saved ruleset nftables.service loads";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/firewall/ruleset").summary("The whole ruleset as libnftables' JSON (nft -j list ruleset)")
                .returns(JsonNode.class)
                .handle(req -> new RawValue(nft.rulesetJson()));
        tables(routes);
        chains(routes);
        rules(routes);
        sets(routes);
        routes.post("/firewall/counters/reset").summary("Reset named counters, all or one table's")
                .description("Answers the named counters as they were before the reset. With rules=true the "
                        + "counters and quotas inside the rules of the same scope are zeroed too (nft 1.0.6 has no "
                        + "command for those: the agent sends the kernel's NFT_MSG_GETRULE_RESET itself).")
                .query("family", String.class, "with table: only this table's counters")
                .query("table", String.class, "with family: only this table's counters")
                .query("rules", Boolean.class, "also zero the counters inside rules")
                .returnsListOf(JsonNode.class).status(200)
                .handle(req -> {
                    String family = req.query("family").orElse(null);
                    String table = req.query("table").orElse(null);
                    if (family == null && table == null) {
                        List<JsonNode> named = Listing.counters(firewall.rejected(nft::resetCounters));
                        if (req.flag("rules")) {
                            resetRules(null, null, null);
                        }
                        return named;
                    }
                    Names.path(family, table == null ? "" : table);
                    List<JsonNode> named = Listing.counters(firewall.inTable(family, table, null, null, () -> nft.resetCounters(family, table)));
                    if (req.flag("rules")) {
                        resetRules(family, table, null);
                    }
                    return named;
                });
        routes.post("/firewall/run").summary("Run one nft command, as given (write scope)")
                .description("Arguments after nft: output options (-j, -a, -n, -c, ...) then the command, e.g. "
                        + "[\"-j\", \"list\", \"tables\"]. -f, -i, -I, -D and include are refused: nft would read "
                        + "files with the agent's privilege. A failing command is a 400 with nft's message.")
                .body(Run.class).returns(RunOutput.class).status(200)
                .handle(req -> firewall.run(req.body(Run.class).args()));
        routes.post("/firewall/save").summary("Save the live ruleset to the file nftables.service loads")
                .description("Written atomically after nft -c checked it loads; the replaced file is kept as "
                        + "<file>.bak.")
                .query("dryRun", Boolean.class, "only check that the ruleset would load; write nothing")
                .returns(Saved.class).status(200)
                .handle(req -> firewall.rejected(() -> persistence.save(req.flag("dryRun"))));
        routes.post("/firewall/restore").summary("Load the saved ruleset file (or its backup) as one transaction")
                .query("dryRun", Boolean.class, "only check the file with nft -c")
                .body(Restore.class).returns(Restored.class).status(200)
                .handle(req -> {
                    boolean backup = req.hasBody() && "backup".equals(req.body(Restore.class).from());
                    return firewall.rejected(() -> persistence.restore(backup, req.flag("dryRun")));
                });
    }

    private void tables(Routes routes) {
        routes.get("/firewall/tables").summary("List tables").returnsListOf(Table.class)
                .handle(req -> Listing.tables(nft.list("tables")));
        routes.post("/firewall/tables").summary("Create a table").body(NewTable.class).returns(Table.class)
                .query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    NewTable t = req.body(NewTable.class);
                    if (firewall.change(req.flag("dryRun"), () -> Changes.createTable(t.family(), t.name(), t.flags()))) {
                        return null;
                    }
                    return firewall.table(t.family(), t.name());
                });
        routes.get(TABLE).summary("Show a table").returns(Table.class)
                .handle(req -> firewall.table(family(req), tableName(req)));
        routes.delete(TABLE).summary("Delete a table with everything in it")
                .query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    firewall.inTable(family, table, null, null, () -> nft.applyScript(Changes.deleteTable(family, table),
                            req.flag("dryRun")));
                    return null;
                });
    }

    private void chains(Routes routes) {
        routes.get(TABLE + "/chains").summary("List a table's chains").returnsListOf(Chain.class)
                .handle(req -> firewall.chains(family(req), tableName(req)));
        routes.post(TABLE + "/chains").summary("Create a chain: a base chain with a hook, else a regular one")
                .body(NewChain.class).returns(Chain.class).query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    NewChain c = req.body(NewChain.class);
                    if (firewall.change(req.flag("dryRun"), family, table, null, null, () -> Changes.createChain(family, table, c))) {
                        return null;
                    }
                    return firewall.chains(family, table).stream().filter(x -> x.name().equals(c.name())).findFirst()
                            .orElseThrow(() -> ApiException.notFound("no chain " + c.name() + " after creating it"));
                });
        routes.delete(CHAIN).summary("Delete a chain and its rules")
                .description("A chain that another rule jumps to is a 409.")
                .query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    firewall.change(req.flag("dryRun"), family, table, chain, null, () -> Changes.deleteChain(family, table, chain));
                    return null;
                });
    }

    private void rules(Routes routes) {
        routes.get(CHAIN + "/rules").summary("List a chain's rules, as text and as JSON expressions")
                .returnsListOf(Rule.class)
                .handle(req -> firewall.rules(family(req), tableName(req), chainName(req)));
        routes.post(CHAIN + "/rules").summary("Add a rule: append, insert before position, or replace handle")
                .description("Give the rule as nft text (rule) or JSON expressions (expr). The rule text is nft's "
                        + "to parse; it may not contain newlines, ';' or control characters.")
                .body(NewRule.class).returns(Rule.class).query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    NewRule r = req.body(NewRule.class);
                    boolean check = req.flag("dryRun");
                    long echoed = firewall.inTable(family, table, chain, null, () -> r.rule() != null
                            ? Listing.echoedHandle(nft.applyScript(Changes.rule(family, table, chain, r), check))
                            : Listing.echoedHandle(nft.applyJson(Changes.ruleJson(family, table, chain, r), check)));
                    if (check) {
                        return null;
                    }
                    // A replaced rule keeps its handle; nft 1.0.6's JSON echo of a replace puts it outside the rule.
                    long handle = r.handle() != null ? r.handle() : echoed;
                    return firewall.rules(family, table, chain).stream().filter(x -> x.handle() == handle).findFirst()
                            .orElseThrow(() -> new IllegalStateException("nft echoed no handle for the new rule"));
                });
        routes.post(CHAIN + "/rules/reset").summary("Zero the counters and quotas of every rule in a chain")
                .description("One kernel request (NFT_MSG_GETRULE_RESET): each rule is read and zeroed in one "
                        + "step, so no packet is lost or counted twice. Handles and positions stay.")
                .returns(RulesReset.class).status(200)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    firewall.rules(family, table, chain); // 404 for a table or chain that does not exist
                    return new RulesReset(resetRules(family, table, chain));
                });
        routes.post(CHAIN + "/rules/{handle}/reset").summary("Zero one rule's counters and quotas")
                .description("Answers the rule as it is after the reset; its handle and position stay.")
                .returns(Rule.class).status(200)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    long handle = Names.handle(req.param("handle"));
                    ruleIn(family, table, chain, handle);
                    try {
                        ruleCounters.resetRule(family, table, chain, handle);
                    } catch (NetlinkException e) {
                        if (e.errno() == NetlinkException.ENOENT) { // deleted since the check above
                            throw noRule(chain, handle);
                        }
                        throw e;
                    }
                    return ruleIn(family, table, chain, handle);
                });
        routes.delete(CHAIN + "/rules/{handle}").summary("Delete a rule by its handle")
                .query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    long handle = Names.handle(req.param("handle"));
                    try {
                        firewall.change(req.flag("dryRun"), family, table, chain, null, () -> Changes.deleteRule(family, table, chain, handle));
                    } catch (ApiException e) {
                        if (e.status() == 400 && e.getMessage().contains("No such file or directory")) {
                            throw noRule(chain, handle);
                        }
                        throw e;
                    }
                    return null;
                });
    }

    private void sets(Routes routes) {
        routes.get(TABLE + "/sets").summary("List a table's sets and maps with their elements")
                .returnsListOf(NamedSet.class)
                .handle(req -> firewall.sets(family(req), tableName(req)));
        routes.post(TABLE + "/sets").summary("Create a set, or a map when map names the value type")
                .body(NewSet.class).returns(NamedSet.class).query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    NewSet s = req.body(NewSet.class);
                    if (firewall.change(req.flag("dryRun"), family, table, null, null, () -> Changes.createSet(family, table, s))) {
                        return null;
                    }
                    return firewall.set(family, table, s.name());
                });
        routes.delete(SET).summary("Delete a set or map").query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String set = setName(req);
                    firewall.change(req.flag("dryRun"), family, table, null, set, () -> Changes.deleteSet(family, table, set));
                    return null;
                });
        routes.post(SET + "/elements").summary("Add elements to a set or map").body(Elements.class)
                .returns(NamedSet.class).query("dryRun", Boolean.class, DRY_RUN).status(200)
                .handle(req -> elements(req, "add", req.body(Elements.class).elements()));
        routes.delete(SET + "/elements").summary("Delete elements from a set or map").returns(NamedSet.class)
                .query("elements", String.class, "the elements, comma-separated, in nft's syntax: 10.0.0.1,10.0.0.0/8")
                .query("dryRun", Boolean.class, DRY_RUN).status(200)
                .handle(req -> {
                    List<String> list = Arrays.stream(req.query("elements").orElse("").split(","))
                            .map(String::strip).filter(e -> !e.isEmpty()).toList();
                    Violations v = new Violations();
                    v.check(!list.isEmpty(), "elements", "required", "one element or more, comma-separated", null);
                    Elements.check(v, list);
                    v.throwIfAny();
                    return elements(req, "delete", list);
                });
    }

    private NamedSet elements(ApiRequest req, String verb, List<String> elements) {
        String family = family(req);
        String table = tableName(req);
        String set = setName(req);
        if (firewall.change(req.flag("dryRun"), family, table, null, set, () -> Changes.elements(verb, family, table, set, elements))) {
            return null;
        }
        return firewall.set(family, table, set);
    }

    private int resetRules(String family, String table, String chain) {
        return ruleCounters.resetRules(family, table, chain);
    }

    private Rule ruleIn(String family, String table, String chain, long handle) {
        return firewall.rules(family, table, chain).stream().filter(r -> r.handle() == handle).findFirst()
                .orElseThrow(() -> noRule(chain, handle));
    }

    private static ApiException noRule(String chain, long handle) {
        return ApiException.notFound("no rule with handle " + handle + " in chain " + chain);
    }

    // ---- path parameters, checked before they reach nft

    private static String family(ApiRequest req) {
        String family = req.param("family");
        String table = req.param("name");
        Names.path(family, table);
        return family;
    }

    private static String tableName(ApiRequest req) {
        return req.param("name");
    }

    private static String chainName(ApiRequest req) {
        String chain = req.param("chain");
        Violations v = new Violations();
        Names.name(v, "chain", chain);
        v.throwIfAny();
        return chain;
    }

    private static String setName(ApiRequest req) {
        String set = req.param("set");
        Violations v = new Violations();
        Names.name(v, "set", set);
        v.throwIfAny();
        return set;
    }
}
