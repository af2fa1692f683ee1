package dev.gantry.agent.system;

import java.time.Instant;

/**
 * The clock as systemd-timedated reports it ({@code timedatectl}): the zone, whether the RTC keeps
 * local time, whether NTP can be and is used and has synchronised, and the system and RTC times
 ({@code rtcTime} is left out when the host has no readable RTC, e.g. in a container).
 */
public record TimeInfo(String timezone, boolean localRtc, boolean canNtp, boolean ntp, boolean ntpSynchronized,
                       Instant time, Instant rtcTime) {
}
