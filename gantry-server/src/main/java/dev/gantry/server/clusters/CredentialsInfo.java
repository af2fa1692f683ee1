package dev.gantry.server.clusters;

import java.util.List;

/**
 * What a cluster's credentials are, without their secrets: what GET returns.
 *
 * @param type    {@code password} (Proxmox user + password), {@code token} (Proxmox API token) or
 *                {@code agents} (a gantry cluster's agent endpoints)
 * @param user    with type password
 * @param tokenId with type token
 * @param agents  with type agents: each agent's URL and how the server authenticates to it
 */
public record CredentialsInfo(String type, String user, String tokenId, List<Agent> agents) {
    /** @param auth {@code token}, {@code clientCertificate} or {@code token+clientCertificate} */
    public record Agent(String url, String auth) {
    }
}
