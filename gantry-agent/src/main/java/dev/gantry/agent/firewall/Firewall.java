package dev.gantry.agent.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.nft.Nft;
import dev.gantry.agent.backend.nft.NftException;
import dev.gantry.agent.firewall.FirewallApi.Chain;
import dev.gantry.agent.firewall.FirewallApi.NamedSet;
import dev.gantry.agent.firewall.FirewallApi.Rule;
import dev.gantry.agent.firewall.FirewallApi.RunOutput;
import dev.gantry.agent.firewall.FirewallApi.Table;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The module's reads and changes over {@link Nft}, and the one place nft's refusals become problems:
 * "No such file or directory" is a 404 when an object the path names is missing (looked up only
 * then), EEXIST and EBUSY are 409, anything else nft says is a 400 with its message.
 */
final class Firewall {
    private final Nft nft;

    Firewall(Nft nft) {
        this.nft = nft;
    }

    Table table(String family, String table) {
        return Listing.tables(inTable(family, table, null, null, () -> nft.list("table", family, table))).stream()
                .filter(t -> t.name().equals(table)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no table " + family + " " + table));
    }

    List<Chain> chains(String family, String table) {
        return Listing.chains(inTable(family, table, null, null, () -> nft.list("table", family, table)));
    }

    List<Rule> rules(String family, String table, String chain) {
        return inTable(family, table, chain, null, () -> Listing.rules(nft.list("chain", family, table, chain),
                nft.listText("chain", family, table, chain)));
    }

    List<FirewallApi.NamedSet> sets(String family, String table) {
        return Listing.sets(inTable(family, table, null, null, () -> nft.list("table", family, table)));
    }

    NamedSet set(String family, String table, String set) {
        return Listing.sets(inTable(family, table, null, set, () -> setOrMap(family, table, set))).stream()
                .findFirst().orElseThrow(() -> ApiException.notFound("no set " + set + " in table " + table));
    }

    /** nft lists a map only as a map ({@code list set} on one is "No such file or directory"). */
    private ArrayNode setOrMap(String family, String table, String set) {
        try {
            return nft.list("set", family, table, set);
        } catch (NftException e) {
            if (!e.noSuchObject()) {
                throw e;
            }
            return nft.list("map", family, table, set);
        }
    }

    RunOutput run(List<String> args) {
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

    /** Applies (or with {@code check} only checks) a text batch on a path that names no table; returns check. */
    boolean change(boolean check, Supplier<String> script) {
        rejected(() -> nft.applyScript(script.get(), check));
        return check;
    }

    /** Applies (or with {@code check} only checks) a text batch on the objects the path names; returns check. */
    boolean change(boolean check, String family, String table, String chain, String set, Supplier<String> script) {
        inTable(family, table, chain, set, () -> nft.applyScript(script.get(), check));
        return check;
    }

    /** Runs {@code action}; nft's refusal becomes a 404 if an object the path names is missing, else 400/409. */
    <T> T inTable(String family, String table, String chain, String set, Supplier<T> action) {
        try {
            return action.get();
        } catch (NftException e) {
            if (e.noSuchObject()) {
                missing(family, table, chain, set);
            }
            throw problem(e);
        }
    }

    <T> T rejected(Supplier<T> action) {
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
                setOrMap(family, table, set);
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
}
