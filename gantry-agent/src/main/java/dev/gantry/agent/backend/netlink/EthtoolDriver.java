package dev.gantry.agent.backend.netlink;

/** {@code ethtool -i}; the {@code supports*} flags are derived as the command derives them. */
public record EthtoolDriver(String driver, String version, String firmwareVersion, String expansionRomVersion,
                            String busInfo, boolean supportsStatistics, boolean supportsTest,
                            boolean supportsEepromAccess, boolean supportsRegisterDump,
                            boolean supportsPrivFlags) {
}
