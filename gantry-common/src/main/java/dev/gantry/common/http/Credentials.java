package dev.gantry.common.http;

import java.util.Optional;
import jdk.net.UnixDomainPrincipal;

/** What a listener knows about the other side: the Unix peer, and the Authorization header if any. */
public record Credentials(Optional<UnixDomainPrincipal> peer, Optional<String> authorization) {
}
