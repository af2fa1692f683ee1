package dev.gantry.agent.ethtool;

import dev.gantry.agent.backend.netlink.Ethtool;
import dev.gantry.agent.backend.netlink.EthtoolBlock;
import dev.gantry.agent.backend.netlink.EthtoolDriver;
import dev.gantry.agent.backend.netlink.EthtoolFeatures;
import dev.gantry.agent.backend.netlink.EthtoolLinkState;
import dev.gantry.agent.backend.netlink.EthtoolNames;
import dev.gantry.agent.backend.netlink.EthtoolSettings;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolChannels;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolCoalesce;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolFeaturesChanged;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolLink;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolPause;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolPermanentAddress;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolRings;
import dev.gantry.agent.ethtool.EthtoolViews.EthtoolStatistics;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import dev.gantry.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/ethtool/{link}}: what the ethtool command shows and sets for a link, read and
 * changed through the kernel's ethtool netlink family and the SIOCETHTOOL ioctl ({@link Ethtool});
 * nothing forks the command. Changes are runtime only (a .link file makes them persistent).
 */
public final class EthtoolModule implements ApiModule {
    private final Ethtool ethtool;
    private final Rtnl rtnl;

    public EthtoolModule(Ethtool ethtool, Rtnl rtnl) {
        this.ethtool = ethtool;
        this.rtnl = rtnl;
    }

    /** Body of {@code PATCH /ethtool/{link}/settings}; absent fields stay. */
    public record SettingsChange(Long speed, String duplex, Boolean autoneg, List<String> advertise, String port)
            implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(speed != null || duplex != null || autoneg != null || advertise != null || port != null, "$",
                    "empty", "give speed, duplex, autoneg, advertise or port", null);
            v.check(speed == null || (speed >= 1 && speed < 0xffffffffL), "speed", "range",
                    "a speed in Mb/s from 1 to 4294967294", speed);
            v.check(duplex == null || duplex.equals("half") || duplex.equals("full"), "duplex", "enum",
                    "half or full", duplex);
            v.check(port == null || EthtoolNames.ports().contains(port), "port", "enum",
                    "one of " + EthtoolNames.ports(), port);
            v.check(advertise == null || advertise.size() <= 256, "advertise", "size", "at most 256 link modes",
                    advertise == null ? null : advertise.size());
        }
    }

    /** Body of {@code PATCH /ethtool/{link}/features}: feature name to on (true) or off (false). */
    public record FeaturesChange(Map<String, Boolean> features) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(features != null && !features.isEmpty() && features.size() <= 256, "features", "size",
                    "from 1 to 256 features", features == null ? null : features.size());
            if (features != null) {
                features.forEach((name, on) -> v.check(on != null, "features." + name, "type",
                        "true (on) or false (off)", null));
            }
        }
    }

    /** Body of {@code PATCH /ethtool/{link}/channels}: {@code ethtool -L}. */
    public record ChannelsChange(Long rx, Long tx, Long other, Long combined) implements Validated {
        @Override
        public void validate(Violations v) {
            BlockChanges.check(this, EthtoolBlock.CHANNELS, v);
        }
    }

    /** Body of {@code PATCH /ethtool/{link}/rings}: {@code ethtool -G}. */
    public record RingsChange(Long rx, Long rxMini, Long rxJumbo, Long tx, Long rxBufLen, Long tcpDataSplit,
                              Long cqeSize, Boolean txPush, Boolean rxPush, Long txPushBufLen, Long hdsThresh)
            implements Validated {
        @Override
        public void validate(Violations v) {
            BlockChanges.check(this, EthtoolBlock.RINGS, v);
        }
    }

    /** Body of {@code PATCH /ethtool/{link}/coalesce}: {@code ethtool -C}. */
    public record CoalesceChange(Long rxUsecs, Long rxMaxFrames, Long rxUsecsIrq, Long rxMaxFramesIrq, Long txUsecs,
                                 Long txMaxFrames, Long txUsecsIrq, Long txMaxFramesIrq, Long statsBlockUsecs,
                                 Boolean adaptiveRx, Boolean adaptiveTx, Long pktRateLow, Long rxUsecsLow,
                                 Long rxMaxFramesLow, Long txUsecsLow, Long txMaxFramesLow, Long pktRateHigh,
                                 Long rxUsecsHigh, Long rxMaxFramesHigh, Long txUsecsHigh, Long txMaxFramesHigh,
                                 Long rateSampleInterval, Boolean cqeModeTx, Boolean cqeModeRx, Long txAggrMaxBytes,
                                 Long txAggrMaxFrames, Long txAggrTimeUsecs) implements Validated {
        @Override
        public void validate(Violations v) {
            BlockChanges.check(this, EthtoolBlock.COALESCE, v);
        }
    }

    /** Body of {@code PATCH /ethtool/{link}/pause}: {@code ethtool -A}. */
    public record PauseChange(Boolean autoneg, Boolean rx, Boolean tx) implements Validated {
        @Override
        public void validate(Violations v) {
            BlockChanges.check(this, EthtoolBlock.PAUSE, v);
        }
    }

    private record BlockRoute(EthtoolBlock block, Class<?> view, Class<?> change, String command) {
    }

    private static final List<BlockRoute> BLOCKS = List.of(
            new BlockRoute(EthtoolBlock.CHANNELS, EthtoolChannels.class, ChannelsChange.class, "ethtool -l / -L"),
            new BlockRoute(EthtoolBlock.RINGS, EthtoolRings.class, RingsChange.class, "ethtool -g / -G"),
            new BlockRoute(EthtoolBlock.COALESCE, EthtoolCoalesce.class, CoalesceChange.class, "ethtool -c / -C"),
            new BlockRoute(EthtoolBlock.PAUSE, EthtoolPause.class, PauseChange.class, "ethtool -a / -A"));

    @Override
    public String name() {
        return "ethtool";
    }

    @Override
    public String description() {
        return "Link settings, driver, features, statistics, channels, rings, coalescing, pause (ethtool netlink)";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/ethtool/{link}").summary("Show everything ethtool knows of a link")
                .description("Settings, link state, driver, permanent address, features, statistics, channels, "
                        + "rings, coalescing and pause. A part the link's driver does not support is absent and "
                        + "named in unsupported. 404 for an unknown link.")
                .returns(EthtoolLink.class)
                .handle(req -> everything(link(req.param("link"))));
        routes.get("/ethtool/{link}/settings").summary("Show speed, duplex, autonegotiation, port and link modes")
                .returns(EthtoolSettings.class)
                .handle(req -> read(link(req.param("link")), "settings", ethtool::settings));
        routes.patch("/ethtool/{link}/settings").summary("Change speed, duplex, autonegotiation, advertised modes, port")
                .description("As ethtool -s, until reboot. advertise replaces the advertised link modes (names as "
                        + "supportedLinkModes lists them). A driver without the operation is a 422 not-supported; "
                        + "a value it refuses a 400 kernel-refused with the kernel's message.")
                .body(SettingsChange.class).returns(EthtoolSettings.class)
                .handle(req -> {
                    String link = link(req.param("link"));
                    SettingsChange body = req.body(SettingsChange.class);
                    if (body.advertise() != null) {
                        List<String> known = ethtool.linkModeNames();
                        List<String> unknown = body.advertise().stream().filter(m -> !known.contains(m)).toList();
                        if (!unknown.isEmpty()) {
                            throw ApiException.invalid("advertise", "unknown-link-mode",
                                    "unknown link modes; names as supportedLinkModes lists them", unknown);
                        }
                    }
                    change(link, "settings", () -> ethtool.setSettings(link, body.speed(), body.duplex(),
                            body.autoneg(), body.advertise(), body.port()));
                    return read(link, "settings", ethtool::settings);
                });
        routes.get("/ethtool/{link}/link-state").summary("Show whether a link is detected, and why not")
                .returns(EthtoolLinkState.class)
                .handle(req -> read(link(req.param("link")), "link state", ethtool::linkState));
        routes.get("/ethtool/{link}/driver").summary("Show the link's driver, firmware and bus (ethtool -i)")
                .returns(EthtoolDriver.class)
                .handle(req -> read(link(req.param("link")), "driver information", ethtool::driver));
        routes.get("/ethtool/{link}/permanent-address").summary("Show the link's permanent hardware address (ethtool -P)")
                .returns(EthtoolPermanentAddress.class)
                .handle(req -> read(link(req.param("link")), "the permanent address",
                        l -> new EthtoolPermanentAddress(ethtool.permanentAddress(l).orElse(null))));
        routes.get("/ethtool/{link}/features").summary("Show the link's features (offloads) as ethtool -k")
                .description("features: every kernel feature with active, fixed and requested (when asked for "
                        + "differs from what is on); groups: ethtool's legacy names (tx-checksumming…) with their members.")
                .returns(EthtoolFeatures.class)
                .handle(req -> read(link(req.param("link")), "features", ethtool::features));
        routes.patch("/ethtool/{link}/features").summary("Turn features on or off (ethtool -K)")
                .description("Names as ethtool -k prints them or ethtool -K takes them: kernel names (rx-gro, "
                        + "tx-checksum-ip-generic) and legacy names, long or short (tx-checksumming, tx, gro). An "
                        + "unknown name is a 400; a fixed feature asked to change a 422 fixed-feature; nothing is "
                        + "changed then. notApplied names what the kernel did not turn as asked (dependencies).")
                .body(FeaturesChange.class).returns(EthtoolFeaturesChanged.class)
                .handle(req -> {
                    String link = link(req.param("link"));
                    FeaturesChange body = req.body(FeaturesChange.class);
                    Map<String, Boolean> kernel = FeatureChanges.resolve(body.features(),
                            read(link, "features", ethtool::features));
                    if (!kernel.isEmpty()) {
                        change(link, "features", () -> ethtool.setFeatures(link, kernel));
                    }
                    EthtoolFeatures now = read(link, "features", ethtool::features);
                    List<String> notApplied = kernel.entrySet().stream()
                            .filter(e -> now.features().get(e.getKey()).active() != e.getValue())
                            .map(Map.Entry::getKey).toList();
                    return new EthtoolFeaturesChanged(now.features(), now.groups(), notApplied);
                });
        routes.get("/ethtool/{link}/statistics").summary("Show the driver's statistics (ethtool -S)")
                .returns(EthtoolStatistics.class)
                .handle(req -> read(link(req.param("link")), "statistics",
                        l -> new EthtoolStatistics(ethtool.statistics(l))));
        for (BlockRoute b : BLOCKS) {
            String path = "/ethtool/{link}/" + b.block().label();
            routes.get(path).summary("Show the link's " + b.block().label() + " (" + b.command().split(" / ")[0] + ")")
                    .description("422 not-supported when the link's driver has no " + b.block().label() + ".")
                    .returns(b.view())
                    .handle(req -> block(link(req.param("link")), b));
            routes.patch(path).summary("Change the link's " + b.block().label() + " (" + b.command().split(" / ")[1] + ")")
                    .description("Absent fields stay. A value the driver refuses (above its maximum, say) is a 400 "
                            + "kernel-refused with the kernel's message; a driver without the operation a 422 "
                            + "not-supported. Nothing changes then.")
                    .body(b.change()).returns(b.view())
                    .handle(req -> {
                        String link = link(req.param("link"));
                        Map<String, Object> values = BlockChanges.values(req.body(b.change()));
                        change(link, b.block().label(), () -> ethtool.setBlock(link, b.block(), values));
                        return block(link, b);
                    });
        }
    }

    private Object block(String link, BlockRoute b) {
        return Json.mapper().convertValue(read(link, b.block().label(), l -> ethtool.block(l, b.block())), b.view());
    }

    private EthtoolLink everything(String link) {
        List<String> unsupported = new ArrayList<>();
        var settings = part(link, "settings", unsupported, () -> ethtool.settings(link));
        var state = part(link, "link-state", unsupported, () -> ethtool.linkState(link));
        var driver = part(link, "driver", unsupported, () -> ethtool.driver(link));
        var permanent = part(link, "permanent-address", unsupported, () -> ethtool.permanentAddress(link));
        var features = part(link, "features", unsupported, () -> ethtool.features(link));
        var statistics = part(link, "statistics", unsupported, () -> ethtool.statistics(link));
        List<Object> blocks = new ArrayList<>();
        for (BlockRoute b : BLOCKS) {
            blocks.add(part(link, b.block().label(), unsupported, () -> ethtool.block(link, b.block()))
                    .map(m -> Json.mapper().convertValue(m, b.view())).orElse(null));
        }
        return new EthtoolLink(link, settings.orElse(null), state.orElse(null), driver.orElse(null),
                permanent.flatMap(p -> p).orElse(null), features.orElse(null), statistics.orElse(null),
                (EthtoolChannels) blocks.get(0), (EthtoolRings) blocks.get(1), (EthtoolCoalesce) blocks.get(2),
                (EthtoolPause) blocks.get(3), unsupported);
    }

    /** A part of the whole answer; one the driver does not support is empty and named in {@code unsupported}. */
    private static <T> Optional<T> part(String link, String what, List<String> unsupported, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (NetlinkException e) {
            if (EthtoolErrors.unsupported(e)) {
                unsupported.add(what);
                return Optional.empty();
            }
            throw EthtoolErrors.map(e, link, what);
        }
    }

    private static <T> T read(String link, String what, java.util.function.Function<String, T> read) {
        try {
            return read.apply(link);
        } catch (NetlinkException e) {
            throw EthtoolErrors.map(e, link, what);
        }
    }

    private static void change(String link, String what, Runnable write) {
        try {
            write.run();
        } catch (NetlinkException e) {
            throw EthtoolErrors.map(e, link, what);
        }
    }

    /** The link's kernel name (an alternative name is accepted); 404 when there is no such link. */
    private String link(String name) {
        try {
            return rtnl.link(name).map(Link::name).orElseThrow(() -> ApiException.notFound("no link " + name));
        } catch (NetlinkException e) {
            throw EthtoolErrors.map(e, name, "lookup");
        }
    }
}
