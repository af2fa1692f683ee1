package dev.gantry.agent.network;

import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /network/dns}, {@code /network/links/{name}/dns} and {@code /network/ntp}: the global DNS
 * and NTP settings as the agent's own drop-ins {@code /etc/systemd/resolved.conf.d/50-gantry.conf}
 * ({@code [Resolve]}) and {@code /etc/systemd/timesyncd.conf.d/50-gantry.conf} ({@code [Time]}) — the
 * distribution's resolved.conf and timesyncd.conf stay as they are — and per-link DNS at runtime over
 * resolve1. Values are checked with the {@link NetworkdKeys} types of the .network file's DNS=,
 * Domains= and NTP=.
 */
final class DnsNtp {
    static final Path RESOLVED_DROPIN = Path.of("/etc/systemd/resolved.conf.d/50-gantry.conf");
    static final Path TIMESYNCD_DROPIN = Path.of("/etc/systemd/timesyncd.conf.d/50-gantry.conf");
    static final String RESOLVED_UNIT = "systemd-resolved.service";
    static final String TIMESYNCD_UNIT = "systemd-timesyncd.service";

    private final Rtnl rtnl;
    private final Resolved resolved;
    private final Path resolvedDropin;
    private final Path timesyncdDropin;

    DnsNtp(Rtnl rtnl, Resolved resolved) {
        this(rtnl, resolved, RESOLVED_DROPIN, TIMESYNCD_DROPIN);
    }

    DnsNtp(Rtnl rtnl, Resolved resolved, Path resolvedDropin, Path timesyncdDropin) {
        this.rtnl = rtnl;
        this.resolved = resolved;
        this.resolvedDropin = resolvedDropin;
        this.timesyncdDropin = timesyncdDropin;
    }

    /** Body of {@code PUT /network/dns}: resolved.conf's DNS= and Domains=; null leaves the key out. */
    public record DnsSettings(List<String> dns, List<String> domains) implements Validated {
        @Override
        public void validate(Violations v) {
            each(v, "dns", dns, NetworkdKeys.DNS_SERVER);
            each(v, "domains", domains, NetworkdKeys.DOMAIN_NAME);
        }
    }

    /** Body of {@code PUT /network/ntp}: timesyncd.conf's NTP= and FallbackNTP=; null leaves the key out. */
    public record NtpSettings(List<String> ntp, List<String> fallbackNtp) implements Validated {
        @Override
        public void validate(Violations v) {
            each(v, "ntp", ntp, NetworkdKeys.NTP_SERVER);
            each(v, "fallbackNtp", fallbackNtp, NetworkdKeys.NTP_SERVER);
        }
    }

    /** Body of {@code PUT /network/links/{name}/dns}: plain addresses and domains; null leaves that part. */
    public record LinkDns(List<String> dns, List<String> domains) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(dns != null || domains != null, "$", "empty", "give dns, domains or both", null);
            each(v, "dns", dns, NetworkdKeys.ADDRESS);
            each(v, "domains", domains, NetworkdKeys.DOMAIN_NAME);
        }
    }

    /** GET /network/dns: the drop-in (null fields when absent) and resolved's state (null when not running). */
    public record DnsView(String path, DnsSettings file, String content, boolean resolvedRunning,
                          List<String> currentDns, String currentDnsServer, List<String> currentDomains) {
    }

    /** GET /network/ntp: the drop-in and timesyncd's current server (null when timesyncd is not running). */
    public record NtpView(String path, NtpSettings file, String content, boolean timesyncdRunning,
                          String serverName, String serverAddress) {
    }

    /** GET /network/links/{name}/dns: resolved's servers and domains for the link. */
    public record LinkDnsView(String link, int ifindex, boolean resolvedRunning, List<String> dns,
                              List<String> domains) {
    }

    /** One link in {@code GET /network}: the kernel's view, networkd's state and resolved's servers. */
    public record LinkDescription(int index, String name, String kind, String operState, List<String> flags,
                                  Integer mtu, String mac, Resolved.LinkState networkd, List<String> addresses,
                                  List<String> dns, List<String> domains) {
    }

    /** {@code GET /network}: links, the main table's routes, global DNS and NTP. */
    public record Description(boolean networkdRunning, List<LinkDescription> links,
                              List<dev.gantry.agent.backend.netlink.Route> routes, DnsView dns, NtpView ntp) {
    }

    /** A dry run's answer: the would-be file and its diff against the current one. */
    public record DryRun(String path, String content, String diff) {
    }

    void register(Routes routes) {
        routes.get("/network").summary("Describe the network: links with networkd state, addresses, routes, DNS, NTP")
                .description("links from rtnetlink with networkd's per-link state (network1 Describe(): "
                        + "administrativeState, operationalState, carrierState, addressState, onlineState; null when "
                        + "networkd does not run or does not manage the link), their addresses, resolved's per-link "
                        + "DNS servers and domains (null when resolved does not run); the main table's routes; the "
                        + "global DNS and NTP as GET /network/dns and /network/ntp.")
                .returns(Description.class)
                .handle(req -> describe());
        routes.get("/network/dns").summary("Show the global DNS servers and domains (drop-in and systemd-resolved)")
                .description("file: the agent's drop-in " + RESOLVED_DROPIN + " ([Resolve] DNS=, Domains=), null "
                        + "when absent. currentDns/currentDnsServer/currentDomains: systemd-resolved's global ones "
                        + "(resolve1 Manager DNS, CurrentDNSServer, Domains with ifindex 0); null when resolved "
                        + "is not on the bus.")
                .returns(DnsView.class)
                .handle(req -> dnsView());
        routes.put("/network/dns").summary("Write the global DNS servers and domains (resolved.conf drop-in)")
                .description("Writes " + RESOLVED_DROPIN + " atomically (0644), then reload-or-restarts "
                        + RESOLVED_UNIT + " when it is running. A null list leaves the key out; an empty list "
                        + "writes an empty assignment, which clears what earlier files set. ?dryRun=true answers "
                        + "{path, content, diff} and changes nothing.")
                .body(DnsSettings.class).returns(DnsView.class)
                .query("dryRun", Boolean.class, "only show the file and its diff against the current one")
                .handle(req -> {
                    DnsSettings body = req.body(DnsSettings.class);
                    String content = renderDns(body);
                    if (req.flag("dryRun")) {
                        return dryRun(resolvedDropin, content);
                    }
                    write(resolvedDropin, content);
                    if (resolved.status().isPresent()) {
                        resolved.restart("reload-or-restart", RESOLVED_UNIT);
                    }
                    return dnsView();
                });
        routes.get("/network/links/{name}/dns").summary("Show a link's DNS servers and domains from systemd-resolved")
                .description("404 for an unknown link; dns and domains are null when resolved is not running.")
                .returns(LinkDnsView.class)
                .handle(req -> linkView(link(req.param("name"))));
        routes.put("/network/links/{name}/dns").summary("Set a link's DNS servers and/or domains in systemd-resolved")
                .description("Runtime only (resolve1 SetLinkDNS / SetLinkDomains): lasts until resolved restarts or "
                        + "networkd reconfigures the link. dns: plain IPv4/IPv6 addresses; domains: names, ~name "
                        + "for routing only. A null field leaves that part; an empty list clears it. 404 for an "
                        + "unknown link, 503 when resolved is not on the bus.")
                .body(LinkDns.class).returns(LinkDnsView.class)
                .handle(req -> {
                    LinkDns body = req.body(LinkDns.class);
                    Link link = link(req.param("name"));
                    List<byte[]> servers = body.dns() == null ? null
                            : body.dns().stream().map(a -> Ip.address(a).orElseThrow()).toList();
                    List<Resolved.Domain> domains = body.domains() == null ? null : body.domains().stream()
                            .map(d -> d.startsWith("~") ? new Resolved.Domain(link.index(), d.substring(1), true)
                                    : new Resolved.Domain(link.index(), d, false)).toList();
                    resolved.setLink(link.index(), servers, domains);
                    return linkView(link);
                });
        routes.delete("/network/links/{name}/dns").summary("Revert a link's runtime DNS settings in systemd-resolved")
                .description("resolve1 RevertLink: drops the servers and domains set over the bus.")
                .returns(LinkDnsView.class)
                .handle(req -> {
                    Link link = link(req.param("name"));
                    resolved.revertLink(link.index());
                    return linkView(link);
                });
        routes.get("/network/ntp").summary("Show the NTP servers (timesyncd drop-in and timesyncd's current server)")
                .description("file: the agent's drop-in " + TIMESYNCD_DROPIN + " ([Time] NTP=, FallbackNTP=), null "
                        + "when absent. serverName/serverAddress from timesync1 when timesyncd runs "
                        + "(timesyncdRunning false otherwise, not an error). Per-link NTP is the .network file's "
                        + "[Network] NTP= (PUT /network/networks/{link}).")
                .returns(NtpView.class)
                .handle(req -> ntpView());
        routes.put("/network/ntp").summary("Write the NTP servers (timesyncd.conf drop-in)")
                .description("Writes " + TIMESYNCD_DROPIN + " atomically (0644), then try-restarts " + TIMESYNCD_UNIT
                        + " (restarted only when it runs). ?dryRun=true answers {path, content, diff}.")
                .body(NtpSettings.class).returns(NtpView.class)
                .query("dryRun", Boolean.class, "only show the file and its diff against the current one")
                .handle(req -> {
                    String content = renderNtp(req.body(NtpSettings.class));
                    if (req.flag("dryRun")) {
                        return dryRun(timesyncdDropin, content);
                    }
                    write(timesyncdDropin, content);
                    resolved.restart("try-restart", TIMESYNCD_UNIT);
                    return ntpView();
                });
    }

    private Description describe() {
        List<Link> links;
        List<dev.gantry.agent.backend.netlink.Address> addresses;
        List<dev.gantry.agent.backend.netlink.Route> routes;
        try {
            links = rtnl.links();
            addresses = rtnl.addresses();
            routes = rtnl.routes(Optional.of(254L));
        } catch (NetlinkException e) {
            throw ApiException.unavailable("rtnetlink", e.getMessage());
        }
        Optional<Map<Integer, Resolved.LinkState>> networkd = resolved.networkdLinks();
        Optional<Resolved.Status> status = resolved.status();
        List<LinkDescription> out = new ArrayList<>();
        for (Link l : links) {
            int i = l.index();
            out.add(new LinkDescription(i, l.name(), l.kind(), l.operState(), l.flags(), l.mtu(), l.mac(),
                    networkd.map(m -> m.get(i)).orElse(null),
                    addresses.stream().filter(a -> a.index() == i).map(a -> a.address() + "/" + a.prefixLength())
                            .toList(),
                    status.map(s -> s.dns().stream().filter(d -> d.ifindex() == i).map(Resolved.Server::address)
                            .toList()).orElse(null),
                    status.map(s -> s.domains().stream().filter(d -> d.ifindex() == i).map(Resolved.Domain::text)
                            .toList()).orElse(null)));
        }
        return new Description(networkd.isPresent(), out, routes, dnsView(), ntpView());
    }

    private DnsView dnsView() {
        String text = read(resolvedDropin);
        DnsSettings file = null;
        if (text != null) {
            Map<String, List<String>> keys = parse(text, "Resolve");
            file = new DnsSettings(keys.get("DNS"), keys.get("Domains"));
        }
        Optional<Resolved.Status> status = resolved.status();
        if (status.isEmpty()) {
            return new DnsView(resolvedDropin.toString(), file, text, false, null, null, null);
        }
        Resolved.Status s = status.get();
        return new DnsView(resolvedDropin.toString(), file, text, true,
                s.dns().stream().filter(d -> d.ifindex() == 0).map(Resolved.Server::address).toList(),
                s.currentDnsServer() == null ? null : s.currentDnsServer().address(),
                s.domains().stream().filter(d -> d.ifindex() == 0).map(Resolved.Domain::text).toList());
    }

    private NtpView ntpView() {
        String text = read(timesyncdDropin);
        NtpSettings file = null;
        if (text != null) {
            Map<String, List<String>> keys = parse(text, "Time");
            file = new NtpSettings(keys.get("NTP"), keys.get("FallbackNTP"));
        }
        Optional<PropertyValues> p = resolved.timesync();
        return new NtpView(timesyncdDropin.toString(), file, text, p.isPresent(),
                p.flatMap(v -> v.text("ServerName")).orElse(null),
                p.flatMap(v -> v.raw("ServerAddress")).flatMap(DnsNtp::serverAddress).orElse(null));
    }

    private LinkDnsView linkView(Link link) {
        Optional<Resolved.Status> status = resolved.status();
        int i = link.index();
        return new LinkDnsView(link.name(), i, status.isPresent(),
                status.map(s -> s.dns().stream().filter(d -> d.ifindex() == i).map(Resolved.Server::address).toList())
                        .orElse(null),
                status.map(s -> s.domains().stream().filter(d -> d.ifindex() == i).map(Resolved.Domain::text).toList())
                        .orElse(null));
    }

    /** timesync1's ServerAddress {@code (iay)}: family and bytes. */
    static Optional<String> serverAddress(Object v) {
        Object[] parts = v instanceof Object[] a ? a : (v instanceof org.freedesktop.dbus.Struct s ? s.getParameters()
                : (v instanceof List<?> l ? l.toArray() : null));
        if (parts == null || parts.length < 2) {
            return Optional.empty();
        }
        Object b = parts[1];
        byte[] bytes = null;
        if (b instanceof byte[] raw) {
            bytes = raw;
        } else if (b instanceof List<?> l) {
            bytes = new byte[l.size()];
            for (int k = 0; k < l.size(); k++) {
                bytes[k] = ((Number) l.get(k)).byteValue();
            }
        }
        return bytes == null || (bytes.length != 4 && bytes.length != 16) ? Optional.empty()
                : Optional.of(dev.gantry.agent.backend.netlink.Addresses.ip(bytes));
    }

    private Link link(String name) {
        if (!NetworkModule.Names.interfaceName(name)) {
            throw ApiException.invalid("name", "name", "an interface name", name);
        }
        try {
            return rtnl.link(name).orElseThrow(() -> ApiException.notFound("no link named " + name));
        } catch (NetlinkException e) {
            throw ApiException.unavailable("rtnetlink", e.getMessage());
        }
    }

    static String renderDns(DnsSettings s) {
        StringBuilder b = new StringBuilder("# Written by gantryd (PUT /api/v1/network/dns); edits here are replaced "
                + "by the next PUT.\n[Resolve]\n");
        key(b, "DNS", s.dns());
        key(b, "Domains", s.domains());
        return b.toString();
    }

    static String renderNtp(NtpSettings s) {
        StringBuilder b = new StringBuilder("# Written by gantryd (PUT /api/v1/network/ntp); edits here are replaced "
                + "by the next PUT.\n[Time]\n");
        key(b, "NTP", s.ntp());
        key(b, "FallbackNTP", s.fallbackNtp());
        return b.toString();
    }

    private static void key(StringBuilder b, String key, List<String> values) {
        if (values != null) {
            b.append(key).append('=').append(String.join(" ", values)).append('\n');
        }
    }

    /**
     * The space-separated list keys of {@code section}, as systemd reads them: later assignments
     * append, an empty one clears. Absent keys are absent from the map.
     */
    static Map<String, List<String>> parse(String text, String section) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (!section.equals(current) || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            List<String> list = keys.computeIfAbsent(key, k -> new ArrayList<>());
            if (value.isEmpty()) {
                list.clear();
            } else {
                list.addAll(List.of(value.split("\\s+")));
            }
        }
        return keys;
    }

    static void each(Violations v, String field, List<String> values, NetworkdKeys.Type type) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            v.check(value != null && type.valid().test(value), field + "[" + i + "]", type.name(), type.hint(), value);
        }
    }

    private static DryRun dryRun(Path path, String content) {
        return new DryRun(path.toString(), content, LineDiff.unified(read(path), content, "a" + path, "b" + path));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent());
            AtomicFiles.write(path, content.getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new ApiException(500, "file", "Cannot write the file", path + ": " + e.getMessage());
        }
    }
}
