package dev.gantry.server.clusters;

import dev.gantry.common.http.Violations;
import dev.gantry.server.clusters.ClusterAccess.AgentEndpoint;
import dev.gantry.server.clusters.ClusterAccess.Credentials;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the server signs in to a cluster, as a request gives it and as it is sealed in the database.
 * Proxmox: {@code user} + {@code password} (ticket sign-in) or {@code tokenId} + {@code tokenSecret}
 * (API token). Gantry: {@code agents}, each with a {@code token} or a {@code clientCertificate}.
 *
 * @param user        Proxmox user with realm, e.g. {@code root@pam}
 * @param tokenId     Proxmox API token id, {@code USER@REALM!NAME}
 * @param tokenSecret the API token's secret (a UUID as Proxmox makes them)
 */
public record CredentialsInput(String user, String password, String tokenId, String tokenSecret,
                               List<AgentInput> agents) {
    static final Pattern USER = Pattern.compile("[^@\\s!]+@[^@\\s!]+");
    static final Pattern TOKEN_ID = Pattern.compile("[^@\\s!]+@[^@\\s!]+![A-Za-z][A-Za-z0-9._-]{0,127}");
    static final int MAX_SECRET = 4096;
    static final int MAX_CERTIFICATE = 64 * 1024;
    static final int MAX_AGENTS = 1000;

    /**
     * One gantryd of a gantry cluster.
     *
     * @param url               https://HOST:PORT of its TCP listener
     * @param token             a gantryd API token; or
     * @param clientCertificate a PEM client certificate chain with its private key (mutual TLS)
     */
    public record AgentInput(String url, String token, String clientCertificate) {
    }

    /** Checks these credentials for a cluster of {@code kind}; secrets are never echoed in the errors. */
    void validate(Violations v, ClusterAccess.Kind kind) {
        String f = "credentials.";
        boolean byPassword = user != null || password != null;
        boolean byToken = tokenId != null || tokenSecret != null;
        if (kind == ClusterAccess.Kind.PROXMOX) {
            v.check(agents == null, f + "agents", "kind", "agents are for gantry clusters", null);
            if (!v.check(byPassword != byToken, "credentials", byPassword ? "ambiguous" : "required",
                    "give user and password, or tokenId and tokenSecret", null)) {
                return;
            }
            if (byPassword) {
                if (v.check(user != null, f + "user", "required", "the Proxmox user, e.g. root@pam", null)) {
                    v.check(USER.matcher(user).matches(), f + "user", "pattern", "USER@REALM, e.g. root@pam", user);
                }
                secret(v, f + "password", password, MAX_SECRET);
            } else {
                if (v.check(tokenId != null, f + "tokenId", "required", "the API token id, USER@REALM!NAME", null)) {
                    v.check(TOKEN_ID.matcher(tokenId).matches(), f + "tokenId", "pattern",
                            "USER@REALM!NAME, e.g. root@pam!gantry", tokenId);
                }
                secret(v, f + "tokenSecret", tokenSecret, MAX_SECRET);
            }
            return;
        }
        v.check(!byPassword && !byToken, "credentials", "kind", "user, password and tokens are for proxmox clusters; give agents", null);
        if (!v.check(agents != null && !agents.isEmpty(), f + "agents", "required", "at least one agent: {url, token and/or clientCertificate}", null)) {
            return;
        }
        v.check(agents.size() <= MAX_AGENTS, f + "agents", "too-many", "at most " + MAX_AGENTS + " agents", agents.size());
        for (int i = 0; i < agents.size(); i++) {
            String a = f + "agents[" + i + "].";
            AgentInput agent = agents.get(i);
            if (!v.check(agent != null, f + "agents[" + i + "]", "required", "an agent: {url, token and/or clientCertificate}", null)) {
                continue;
            }
            if (v.check(agent.url() != null, a + "url", "required", "the agent's https://HOST:PORT", null)) {
                v.check(ClusterRules.agentUrl(agent.url()).isPresent(), a + "url", "url", "http(s)://HOST[:PORT] without path, query or user", agent.url());
            }
            // Both together is gantryd's mutual TLS: with TLSClientCA it asks for the certificate and a token.
            if (v.check(agent.token() != null || agent.clientCertificate() != null, a + "token", "required",
                    "give token, clientCertificate, or both", null)) {
                if (agent.token() != null) {
                    secret(v, a + "token", agent.token(), MAX_SECRET);
                }
                if (agent.clientCertificate() != null
                        && secret(v, a + "clientCertificate", agent.clientCertificate(), MAX_CERTIFICATE)) {
                    v.check(agent.clientCertificate().contains("-----BEGIN CERTIFICATE-----")
                                    && agent.clientCertificate().contains("PRIVATE KEY-----"),
                            a + "clientCertificate", "pem", "a PEM certificate chain followed by its private key", null);
                }
            }
        }
    }

    private static boolean secret(Violations v, String field, String value, int max) {
        return v.check(value != null && !value.isEmpty(), field, "required", "must not be empty", null)
                && v.check(value.length() <= max, field, "too-long", "at most " + max + " characters", null);
    }

    /** The validated credentials as the crawler and power code use them. */
    Credentials toCredentials() {
        if (agents != null) {
            List<AgentEndpoint> endpoints = new ArrayList<>();
            for (AgentInput a : agents) {
                endpoints.add(new AgentEndpoint(ClusterRules.agentUrl(a.url()).orElseThrow(),
                        Optional.ofNullable(a.token()), Optional.ofNullable(a.clientCertificate())));
            }
            return new Credentials.Agents(endpoints);
        }
        return tokenId != null ? new Credentials.ApiToken(tokenId, tokenSecret) : new Credentials.Password(user, password);
    }

    /** What GET shows: the type and the names, never a secret. */
    CredentialsInfo info() {
        if (agents != null) {
            return new CredentialsInfo("agents", null, null, agents.stream()
                    .map(a -> new CredentialsInfo.Agent(ClusterRules.agentUrl(a.url()).map(URI::toString).orElse(a.url()),
                            a.token() == null ? "clientCertificate"
                                    : a.clientCertificate() == null ? "token" : "token+clientCertificate"))
                    .toList());
        }
        return tokenId != null ? new CredentialsInfo("token", null, tokenId, null) : new CredentialsInfo("password", user, null, null);
    }

    @Override
    public String toString() {
        return "CredentialsInput[" + info() + "]";
    }
}
