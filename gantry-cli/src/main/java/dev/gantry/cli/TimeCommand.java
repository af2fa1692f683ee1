package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code gantry time}: the host's clock, time zone and NTP (systemd-timedated). */
@Command(name = "time", description = "The host's clock, time zone, NTP and RTC mode.",
        subcommands = {TimeCommand.Show.class, TimeCommand.Set.class})
final class TimeCommand {
    private TimeCommand() {
    }

    @Command(name = "show", description = "Show the time zone, NTP state, RTC mode and the clock.")
    static final class Show extends ApiCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/system/time"), time -> view(time, output));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "set", description = {"Change the time zone, NTP, RTC mode or the clock; show the result.",
            "Applied in the order --timezone, --local-rtc, --ntp, --time. Setting the time needs NTP off."})
    static final class Set extends ApiCommand {
        @Option(names = "--timezone", paramLabel = "ZONE", description = "a tz database zone, e.g. Europe/Berlin")
        String timezone;

        @Option(names = "--ntp", paramLabel = "on|off", arity = "1", converter = OnOff.class,
                description = "synchronise the clock over the network")
        Boolean ntp;

        @Option(names = "--time", paramLabel = "INSTANT", converter = IsoInstant.class,
                description = "set the clock, e.g. 2026-05-31T12:00:00Z")
        Instant time;

        @Option(names = "--local-rtc", paramLabel = "on|off", arity = "1", converter = OnOff.class,
                description = "whether the hardware clock keeps local time (off: UTC)")
        Boolean localRtc;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            if (timezone != null) {
                body.put("timezone", timezone);
            }
            if (ntp != null) {
                body.put("ntp", ntp);
            }
            if (time != null) {
                body.put("time", time.toString());
            }
            if (localRtc != null) {
                body.put("localRtc", localRtc);
            }
            if (body.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "give at least one of --timezone, --ntp, --time, "
                        + "--local-rtc");
            }
            Output output = output();
            output.print(client.put("/system/time", body), t -> view(t, output));
            return Gantry.EXIT_OK;
        }
    }

    static String view(JsonNode time, Output output) {
        return Table.details()
                .add("Time zone", time.path("timezone").asText())
                .add("Time", output.time(time.get("time")))
                .add("RTC time", output.time(time.get("rtcTime")))
                .add("NTP", onOff(time.path("ntp").asBoolean()) + (time.path("canNtp").asBoolean() ? ""
                        : " (no NTP service)"))
                .add("Synchronized", time.path("ntpSynchronized").asBoolean() ? "yes" : "no")
                .add("RTC in local TZ", time.path("localRtc").asBoolean() ? "yes" : "no")
                .render();
    }

    static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /** {@code on}/{@code off} (also yes/no, true/false). */
    static final class OnOff implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "on", "yes", "true" -> true;
                case "off", "no", "false" -> false;
                default -> throw new TypeConversionException("expected on or off, not '" + value + "'");
            };
        }
    }

    static final class IsoInstant implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected an ISO-8601 instant such as 2026-05-31T12:00:00Z, not '"
                        + value + "'");
            }
        }
    }
}
