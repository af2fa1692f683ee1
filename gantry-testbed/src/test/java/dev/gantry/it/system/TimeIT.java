package dev.gantry.it.system;

import static dev.gantry.it.system.HostnameIT.json;
import static dev.gantry.it.system.HostnameIT.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/system/time} against the installed agent and timedated. */
@WithAgentBox
class TimeIT {

    private static String timedatectl(AgentBox agent, String property) {
        return agent.box().exec("timedatectl", "show", "-p", property, "--value").orThrow().out();
    }

    @Test
    void timeShowsWhatTimedatectlShows(AgentBox agent) throws Exception {
        AgentHttp.Response r = agent.http().get("/api/v1/system/time");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode time = json(r);
        assertThat(time.get("timezone").asText()).isEqualTo(timedatectl(agent, "Timezone"));
        assertThat(time.get("ntp").asBoolean()).isEqualTo(timedatectl(agent, "NTP").equals("yes"));
        assertThat(time.get("canNtp").asBoolean()).isEqualTo(timedatectl(agent, "CanNTP").equals("yes"));
        assertThat(time.get("localRtc").asBoolean()).isEqualTo(timedatectl(agent, "LocalRTC").equals("yes"));
        assertThat(time.get("time").asText()).startsWith(agent.box().exec("date", "-u", "+%Y-%m-%dT").out());
    }

    @Test
    void settingTheTimezoneRelinksEtcLocaltime(AgentBox agent) throws Exception {
        AgentHttp.Response r = put(agent, "/api/v1/system/time", "{\"timezone\":\"America/Argentina/Buenos_Aires\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(timedatectl(agent, "Timezone")).isEqualTo("America/Argentina/Buenos_Aires");
        assertThat(agent.box().exec("readlink", "/etc/localtime").out())
                .endsWith("/usr/share/zoneinfo/America/Argentina/Buenos_Aires");
        assertThat(json(r).get("timezone").asText()).isEqualTo("America/Argentina/Buenos_Aires");
        assertThat(json(agent.http().get("/api/v1/system")).get("time").get("timezone").asText())
                .isEqualTo("America/Argentina/Buenos_Aires");
    }

    @Test
    void settingTheRtcModeChangesWhatTimedatedReports(AgentBox agent) throws Exception {
        AgentHttp.Response on = put(agent, "/api/v1/system/time", "{\"localRtc\":true}");

        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(timedatectl(agent, "LocalRTC")).isEqualTo("yes");
        assertThat(agent.box().readFile("/etc/adjtime")).contains("LOCAL");

        AgentHttp.Response off = put(agent, "/api/v1/system/time", "{\"localRtc\":false}");

        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(timedatectl(agent, "LocalRTC")).isEqualTo("no");
        assertThat(json(off).get("localRtc").asBoolean()).isFalse();
    }

    /**
     * Only the effect is asserted, not the answer's {@code ntp}: timedated answers SetNTP once it has
     * queued the unit jobs, and its NTP property follows when systemd reports the unit stopped.
     */
    @Test
    void turningNtpOffIsReportedByTimedatectl(AgentBox agent) throws Exception {
        AgentHttp.Response r = put(agent, "/api/v1/system/time", "{\"ntp\":false}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(timedatectl(agent, "NTP")).isEqualTo("no");
        assertThat(agent.box().exec("systemctl", "is-enabled", "systemd-timesyncd.service").out())
                .isNotEqualTo("enabled");
    }

    /**
     * Setting the clock needs CAP_SYS_TIME, which no process in a container has: timedated answers
     * "access denied" and the agent passes that on as a problem. The clock must not have moved.
     */
    @Test
    void settingTheClockInAContainerIsRefusedAndTheClockStays(AgentBox agent) throws Exception {
        AgentHttp.Response r = put(agent, "/api/v1/system/time", "{\"ntp\":false,\"time\":\"2031-01-01T00:00:00Z\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(500);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(r).get("detail").asText()).startsWith("timedated could not set the clock").contains(
                "CAP_SYS_TIME");
        assertThat(agent.box().exec("date", "-u", "+%Y").out()).isNotEqualTo("2031");
    }

    @Test
    void anUnknownTimezoneIs400AndChangesNothing(AgentBox agent) throws Exception {
        String before = timedatectl(agent, "Timezone");
        String linkBefore = agent.box().exec("readlink", "/etc/localtime").out();

        AgentHttp.Response r = put(agent, "/api/v1/system/time", "{\"timezone\":\"Mars/Olympus_Mons\"}");

        assertThat(r.status()).isEqualTo(400);
        JsonNode problem = json(r);
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("timezone");
        assertThat(problem.get("errors").get(0).get("rejected").asText()).isEqualTo("Mars/Olympus_Mons");
        assertThat(timedatectl(agent, "Timezone")).isEqualTo(before);
        assertThat(agent.box().exec("readlink", "/etc/localtime").out()).isEqualTo(linkBefore);
    }

    @Test
    void aPathOutsideTheZoneDatabaseIsNotATimezone(AgentBox agent) throws Exception {
        String before = timedatectl(agent, "Timezone");

        AgentHttp.Response r = put(agent, "/api/v1/system/time", "{\"timezone\":\"../../../etc/passwd\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(timedatectl(agent, "Timezone")).isEqualTo(before);
    }
}
