package dev.gantry.sim;

/**
 * How to sign in to a simulated cluster: {@code user} ({@code root@pam}) with {@code password} for a
 * ticket, or the API token {@code user!tokenName} with {@code tokenSecret}.
 */
public record Credentials(String user, String password, String tokenName, String tokenSecret) {
    /** {@code root@pam!gantry}, as the {@code PVEAPIToken=} header and Proxmox's UI name it. */
    public String tokenId() {
        return user + "!" + tokenName;
    }

    /** The {@code Authorization} header value for the token. */
    public String tokenHeader() {
        return "PVEAPIToken=" + tokenId() + "=" + tokenSecret;
    }
}
