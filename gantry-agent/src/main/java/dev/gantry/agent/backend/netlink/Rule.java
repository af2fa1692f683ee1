package dev.gantry.agent.backend.netlink;

/**
 * A routing policy rule (RTM_NEWRULE). {@code from} is {@code all} or a prefix, {@code to} a prefix or null (host prefixes without /32 or /128);
 * {@code action} is {@code lookup} (then {@code table} names the table), {@code goto},
 * {@code blackhole}, {@code unreachable}, {@code prohibit} or {@code nop}.
 */
public record Rule(String family, long priority, String from, String to, String table, long tableId,
                   String action, Long gotoPriority, String iif, String oif, Long fwmark, Long fwmask,
                   boolean not, Integer tos, String protocol) {
}
