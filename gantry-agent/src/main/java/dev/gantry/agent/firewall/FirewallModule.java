package dev.gantry.agent.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.nft.Nft;
import dev.gantry.agent.backend.nft.NftException;
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
import dev.gantry.agent.firewall.FirewallApi.Run;
import dev.gantry.agent.firewall.FirewallApi.RunOutput;
import dev.gantry.agent.firewall.FirewallApi.Saved;
import dev.gantry.agent.firewall.FirewallApi.Table;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Violations;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

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
    private final Persistence persistence;

    /** {@code savedRuleset}: the file nftables.service loads; saved files are made root's. */
    public FirewallModule(Nft nft, Path savedRuleset) {
        this(nft, new Persistence(nft, savedRuleset, 0));
    }

    FirewallModule(Nft nft, Persistence persistence) {
        this.nft = nft;
        this.persistence = persistence;
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
                .description("Answers the counters as they were before the reset. nft 1.0.6 has no reset "
                        + "for the anonymous counters inside rules.")
                .query("family", String.class, "with table: only this table's counters")
                .query("table", String.class, "with family: only this table's counters")
                .returnsListOf(JsonNode.class).status(200)
                .handle(req -> {
                    String family = req.query("family").orElse(null);
                    String table = req.query("table").orElse(null);
                    if (family == null && table == null) {
                        return Listing.counters(rejected(nft::resetCounters));
                    }
                    Names.path(family, table == null ? "" : table);
                    return Listing.counters(inTable(family, table, null, null, () -> nft.resetCounters(family, table)));
                });
        routes.post("/firewall/run").summary("Run one nft command, as given (write scope)")
                .description("Arguments after nft: output options (-j, -a, -n, -c, ...) then the command, e.g. "
                        + "[\"-j\", \"list\", \"tables\"]. -f, -i, -I, -D and include are refused: nft would read "
                        + "files with the agent's privilege. A failing command is a 400 with nft's message.")
                .body(Run.class).returns(RunOutput.class).status(200)
                .handle(req -> run(req.body(Run.class).args()));
        routes.post("/firewall/save").summary("Save the live ruleset to the file nftables.service loads")
                .description("Written atomically after nft -c checked it loads; the replaced file is kept as "
                        + "<file>.bak.")
                .query("dryRun", Boolean.class, "only check that the ruleset would load; write nothing")
                .returns(Saved.class).status(200)
                .handle(req -> rejected(() -> persistence.save(req.flag("dryRun"))));
        routes.post("/firewall/restore").summary("Load the saved ruleset file (or its backup) as one transaction")
                .query("dryRun", Boolean.class, "only check the file with nft -c")
                .body(Restore.class).returns(Restored.class).status(200)
                .handle(req -> {
                    boolean backup = req.hasBody() && "backup".equals(req.body(Restore.class).from());
                    return rejected(() -> persistence.restore(backup, req.flag("dryRun")));
                });
    }

    private void tables(Routes routes) {
        routes.get("/firewall/tables").summary("List tables").returnsListOf(Table.class)
                .handle(req -> Listing.tables(nft.list("tables")));
        routes.post("/firewall/tables").summary("Create a table").body(NewTable.class).returns(Table.class)
                .query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    NewTable t = req.body(NewTable.class);
                    if (change(req, () -> Changes.createTable(t.family(), t.name(), t.flags()))) {
                        return null;
                    }
                    return table(t.family(), t.name());
                });
        routes.get(TABLE).summary("Show a table").returns(Table.class)
                .handle(req -> table(family(req), tableName(req)));
        routes.delete(TABLE).summary("Delete a table with everything in it")
                .query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    inTable(family, table, null, null, () -> nft.applyScript(Changes.deleteTable(family, table),
                            req.flag("dryRun")));
                    return null;
                });
    }

    private void chains(Routes routes) {
        routes.get(TABLE + "/chains").summary("List a table's chains").returnsListOf(Chain.class)
                .handle(req -> chains(family(req), tableName(req)));
        routes.post(TABLE + "/chains").summary("Create a chain: a base chain with a hook, else a regular one")
                .body(NewChain.class).returns(Chain.class).query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    NewChain c = req.body(NewChain.class);
                    if (change(req, family, table, null, null, () -> Changes.createChain(family, table, c))) {
                        return null;
                    }
                    return chains(family, table).stream().filter(x -> x.name().equals(c.name())).findFirst()
                            .orElseThrow(() -> ApiException.notFound("no chain " + c.name() + " after creating it"));
                });
        routes.delete(CHAIN).summary("Delete a chain and its rules")
                .description("A chain that another rule jumps to is a 409.")
                .query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    change(req, family, table, chain, null, () -> Changes.deleteChain(family, table, chain));
                    return null;
                });
    }

    private void rules(Routes routes) {
        routes.get(CHAIN + "/rules").summary("List a chain's rules, as text and as JSON expressions")
                .returnsListOf(Rule.class)
                .handle(req -> rules(family(req), tableName(req), chainName(req)));
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
                    long echoed = inTable(family, table, chain, null, () -> r.rule() != null
                            ? Listing.echoedHandle(nft.applyScript(Changes.rule(family, table, chain, r), check))
                            : Listing.echoedHandle(nft.applyJson(Changes.ruleJson(family, table, chain, r), check)));
                    if (check) {
                        return null;
                    }
                    // A replaced rule keeps its handle; nft 1.0.6's JSON echo of a replace puts it outside the rule.
                    long handle = r.handle() != null ? r.handle() : echoed;
                    return rules(family, table, chain).stream().filter(x -> x.handle() == handle).findFirst()
                            .orElseThrow(() -> new IllegalStateException("nft echoed no handle for the new rule"));
                });
        routes.delete(CHAIN + "/rules/{handle}").summary("Delete a rule by its handle")
                .query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String chain = chainName(req);
                    long handle = Names.handle(req.param("handle"));
                    try {
                        change(req, family, table, chain, null, () -> Changes.deleteRule(family, table, chain, handle));
                    } catch (ApiException e) {
                        if (e.status() == 400 && e.getMessage().contains("No such file or directory")) {
                            throw ApiException.notFound("no rule with handle " + handle + " in chain " + chain);
                        }
                        throw e;
                    }
                    return null;
                });
    }

    private void sets(Routes routes) {
        routes.get(TABLE + "/sets").summary("List a table's sets and maps with their elements")
                .returnsListOf(NamedSet.class)
                .handle(req -> sets(family(req), tableName(req)));
        routes.post(TABLE + "/sets").summary("Create a set, or a map when map names the value type")
                .body(NewSet.class).returns(NamedSet.class).query("dryRun", Boolean.class, DRY_RUN).status(201)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    NewSet s = req.body(NewSet.class);
                    if (change(req, family, table, null, null, () -> Changes.createSet(family, table, s))) {
                        return null;
                    }
                    return set(family, table, s.name());
                });
        routes.delete(SET).summary("Delete a set or map").query("dryRun", Boolean.class, DRY_RUN)
                .handle(req -> {
                    String family = family(req);
                    String table = tableName(req);
                    String set = setName(req);
                    change(req, family, table, null, set, () -> Changes.deleteSet(family, table, set));
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
        if (change(req, family, table, null, set, () -> Changes.elements(verb, family, table, set, elements))) {
            return null;
        }
        return set(family, table, set);
    }

    // ---- reads

    private Table table(String family, String table) {
        return Listing.tables(inTable(family, table, null, null, () -> nft.list("table", family, table))).stream()
                .filter(t -> t.name().equals(table)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no table " + family + " " + table));
    }

    private List<Chain> chains(String family, String table) {
        return Listing.chains(inTable(family, table, null, null, () -> nft.list("table", family, table)));
    }

    private List<Rule> rules(String family, String table, String chain) {
        return inTable(family, table, chain, null, () -> Listing.rules(nft.list("chain", family, table, chain),
                nft.listText("chain", family, table, chain)));
    }

    private List<FirewallApi.NamedSet> sets(String family, String table) {
        return Listing.sets(inTable(family, table, null, null, () -> nft.list("table", family, table)));
    }

    private NamedSet set(String family, String table, String set) {
        return Listing.sets(inTable(family, table, null, set, () -> nft.list("set", family, table, set))).stream()
                .findFirst().orElseThrow(() -> ApiException.notFound("no set " + set + " in table " + table));
    }

    private RunOutput run(List<String> args) {
        Command.Result result = nft.run(args);
        if (!result.ok()) {
            throw rejected(Nft.message(result));
        }
        JsonNode json = null;
        String out = result.stdout().strip();
        if (out.startsWith("{")) {
            try {
                json = Json.mapper().readTree(out);
            } catch (IOException e) {
                // not JSON after all: the text is in stdout
            }
        }
        return new RunOutput(args, result.stdout(), json);
    }

    // ---- changes and errors

    /** Applies (or with dryRun checks) a text batch on a path that names no table. */
    private boolean change(ApiRequest req, Supplier<String> script) {
        boolean check = req.flag("dryRun");
        rejected(() -> nft.applyScript(script.get(), check));
        return check;
    }

    /** Applies (or with dryRun checks) a text batch on the objects the path names; true if it only checked. */
    private boolean change(ApiRequest req, String family, String table, String chain, String set,
                           Supplier<String> script) {
        boolean check = req.flag("dryRun");
        inTable(family, table, chain, set, () -> nft.applyScript(script.get(), check));
        return check;
    }

    /** Runs {@code action}; nft's refusal becomes a 404 if an object the path names is missing, else 400/409. */
    private <T> T inTable(String family, String table, String chain, String set, Supplier<T> action) {
        try {
            return action.get();
        } catch (NftException e) {
            if (e.noSuchObject()) {
                missing(family, table, chain, set);
            }
            throw problem(e);
        }
    }

    private <T> T rejected(Supplier<T> action) {
        try {
            return action.get();
        } catch (NftException e) {
            throw problem(e);
        }
    }

    private void missing(String family, String table, String chain, String set) {
        boolean tableExists = Listing.tables(nft.list("tables")).stream()
                .anyMatch(t -> t.family().equals(family) && t.name().equals(table));
        if (!tableExists) {
            throw ApiException.notFound("no table " + family + " " + table);
        }
        if (chain != null && Listing.chains(nft.list("chains", family)).stream()
                .noneMatch(c -> c.table().equals(table) && c.name().equals(chain))) {
            throw ApiException.notFound("no chain " + chain + " in table " + family + " " + table);
        }
        if (set != null) {
            try {
                nft.list("set", family, table, set);
            } catch (NftException e) {
                throw ApiException.notFound("no set " + set + " in table " + family + " " + table);
            }
        }
    }

    static ApiException problem(NftException e) {
        if (e.exists() || e.busy()) {
            return new ApiException(409, "nft-conflict", "nft refused the change", e.getMessage());
        }
        if (e.getMessage().contains("Operation not permitted")) {
            return new ApiException(500, "nft-not-permitted", "nft is not permitted to change the ruleset",
                    e.getMessage() + " (the agent needs CAP_NET_ADMIN, see gantryd.service)");
        }
        return rejected(e.getMessage());
    }

    static ApiException rejected(String message) {
        return new ApiException(400, "nft-rejected", "nft rejected the request", message);
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
