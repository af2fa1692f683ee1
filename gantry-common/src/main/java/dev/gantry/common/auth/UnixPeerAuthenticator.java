package dev.gantry.common.auth;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Credentials;
import java.util.Set;
import jdk.net.UnixDomainPrincipal;

/**
 * Authorizes Unix socket peers by their credentials: root and members of the admin group may read and
 * write everything, members of the reader group may read, anyone else is refused with 403. Group
 * membership is looked up per connection (the credentials are read once per connection), so a change
 * of groups applies to the next connection, as it does for a login.
 */
public final class UnixPeerAuthenticator implements Authenticator {
    public static final String ADMIN_GROUP = "gantry-admin";
    public static final String READER_GROUP = "gantry";

    private final String adminGroup;
    private final String readerGroup;

    public UnixPeerAuthenticator(String adminGroup, String readerGroup) {
        this.adminGroup = adminGroup;
        this.readerGroup = readerGroup;
    }

    @Override
    public Caller authenticate(Credentials credentials) {
        UnixDomainPrincipal peer = credentials.peer().orElseThrow(
                () -> ApiException.unauthorized("the peer credentials of this connection are unknown"));
        String user = peer.user().getName();
        String name = "unix:" + user;
        if (user.equals("root")) {
            return new Caller(name, Caller.Kind.UNIX_PEER, Set.of(Caller.ALL));
        }
        Set<Integer> groups = UnixGroups.gid(peer.group().getName())
                .map(primary -> UnixGroups.groupsOf(user, primary))
                .orElse(Set.of());
        if (UnixGroups.gid(adminGroup).filter(groups::contains).isPresent()) {
            return new Caller(name, Caller.Kind.UNIX_PEER, Set.of(Caller.ALL));
        }
        if (UnixGroups.gid(readerGroup).filter(groups::contains).isPresent()) {
            return new Caller(name, Caller.Kind.UNIX_PEER, Set.of(Caller.ALL_READ));
        }
        throw ApiException.forbidden("user " + user + " is in neither group " + readerGroup + " nor " + adminGroup);
    }
}
