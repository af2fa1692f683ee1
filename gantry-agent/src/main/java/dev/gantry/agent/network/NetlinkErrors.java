package dev.gantry.agent.network;

import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.common.http.ApiException;

/**
 * The kernel's answers to a change, as problems: EEXIST is a 409, ENOENT/ENODEV/ESRCH a 404, a
 * refused value (EINVAL, ERANGE, EADDRNOTAVAIL, ENETUNREACH, EOPNOTSUPP, EAFNOSUPPORT) a 400 with the
 * kernel's own extended-ack text, EPERM a 500 (the agent lacks a privilege it should have).
 */
final class NetlinkErrors {
    private NetlinkErrors() {
    }

    static ApiException map(NetlinkException e) {
        String detail = "the kernel refused the change: " + e.getMessage();
        return switch (e.errno()) {
            case NetlinkException.EEXIST -> new ApiException(409, "exists", "Already exists", detail);
            case NetlinkException.EBUSY -> ApiException.conflict(detail);
            case NetlinkException.ENOENT, NetlinkException.ENODEV, NetlinkException.ESRCH -> ApiException.notFound(detail);
            case NetlinkException.EINVAL, NetlinkException.ERANGE, NetlinkException.EADDRNOTAVAIL,
                 NetlinkException.ENETUNREACH, NetlinkException.EOPNOTSUPP, NetlinkException.EAFNOSUPPORT ->
                    new ApiException(400, "kernel-refused", "The kernel refused the request", detail);
            case NetlinkException.EPERM -> new ApiException(500, "not-permitted", "The agent lacks a privilege",
                    "the kernel refused the agent (EPERM): gantryd needs CAP_NET_ADMIN; " + e.getMessage());
            case 0 -> ApiException.unavailable("rtnetlink", e.getMessage());
            default -> new ApiException(500, "netlink", "Netlink error", e.getMessage());
        };
    }
}
