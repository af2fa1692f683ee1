package dev.gantry.agent.ethtool;

import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.common.http.ApiException;

/**
 * The kernel's ethtool answers as problems: an operation the link's driver lacks (EOPNOTSUPP) is a
 * 422 {@code not-supported}; a value the driver refuses (EINVAL, ERANGE) a 400 {@code kernel-refused}
 * with the kernel's extended-ack text; a vanished link (ENODEV) a 404; EBUSY a 409; EPERM a 500
 * (the agent lacks CAP_NET_ADMIN it should have).
 */
final class EthtoolErrors {
    private EthtoolErrors() {
    }

    static boolean unsupported(NetlinkException e) {
        return e.errno() == NetlinkException.EOPNOTSUPP;
    }

    static ApiException map(NetlinkException e, String link, String what) {
        return switch (e.errno()) {
            case NetlinkException.EOPNOTSUPP -> new ApiException(422, "not-supported",
                    "Not supported by the link's driver", "the driver of " + link + " does not support " + what
                    + ": " + e.getMessage());
            case NetlinkException.ENODEV, NetlinkException.ENOENT -> ApiException.notFound("no link " + link);
            case NetlinkException.EINVAL, NetlinkException.ERANGE -> new ApiException(400, "kernel-refused",
                    "The kernel refused the request", "the kernel refused the " + what + " of " + link + ": "
                    + e.getMessage());
            case NetlinkException.EBUSY -> ApiException.conflict(link + " is busy: " + e.getMessage());
            case NetlinkException.EPERM -> new ApiException(500, "not-permitted", "The agent lacks a privilege",
                    "the kernel refused the agent (EPERM): gantryd needs CAP_NET_ADMIN; " + e.getMessage());
            case 0 -> ApiException.unavailable("ethtool netlink", e.getMessage());
            default -> new ApiException(500, "netlink", "Netlink error", e.getMessage());
        };
    }
}
