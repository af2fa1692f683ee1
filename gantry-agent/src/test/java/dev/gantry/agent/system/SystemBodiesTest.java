package dev.gantry.agent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Caller;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request bodies of /api/v1/system: binding (JSON names) and validation. */
class SystemBodiesTest {

    private static <T> T bind(String json, Class<T> type) {
        return new ApiRequest("PUT", "/x", Map.of(), Map.of(), h -> null, Caller.unrestricted(),
                json.getBytes(StandardCharsets.UTF_8), "r1").body(type);
    }

    private static List<String> rejectedFields(String json, Class<?> type) {
        try {
            bind(json, type);
            throw new AssertionError("accepted: " + json);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.toProblem("/x").errors().stream().map(err -> err.field()).toList();
        }
    }

    @Test
    void hostnameBodyBindsTheJsonNamesStaticAndTransient() {
        HostnameChange c = bind("{\"static\":\"web-1\",\"transient\":\"web-1b\",\"pretty\":\"Web 1\"}",
                HostnameChange.class);

        assertThat(c.staticHostname()).isEqualTo("web-1");
        assertThat(c.transientHostname()).isEqualTo("web-1b");
        assertThat(c.pretty()).isEqualTo("Web 1");
        assertThat(c.chassis()).isNull();
    }

    @Test
    void hostnameRulesFollowRfc1123LabelsAndTheKernelsLimit() {
        assertThat(HostnameChange.isHostname("web-1")).isTrue();
        assertThat(HostnameChange.isHostname("web-1.example.com")).isTrue();
        assertThat(HostnameChange.isHostname("a".repeat(63))).isTrue();
        assertThat(HostnameChange.isHostname("a".repeat(64))).isFalse(); // label too long
        assertThat(HostnameChange.isHostname("a".repeat(32) + "." + "b".repeat(31))).isTrue(); // 64 in all
        assertThat(HostnameChange.isHostname("a".repeat(32) + "." + "b".repeat(32))).isFalse(); // 65
        assertThat(HostnameChange.isHostname("-web")).isFalse();
        assertThat(HostnameChange.isHostname("web-")).isFalse();
        assertThat(HostnameChange.isHostname("web_1")).isFalse();
        assertThat(HostnameChange.isHostname("web..1")).isFalse();
        assertThat(HostnameChange.isHostname(".web")).isFalse();
        assertThat(HostnameChange.isHostname("web 1")).isFalse();
        assertThat(HostnameChange.isHostname("")).isFalse();
    }

    @Test
    void everyBadHostnameFieldIsNamedInOneProblem() {
        assertThat(rejectedFields("{\"static\":\"-x-\",\"transient\":\"a b\",\"chassis\":\"spaceship\","
                + "\"deployment\":\"pro duction\",\"pretty\":\"bell\\u0007\",\"location\":\"" + "x".repeat(256) + "\"}",
                HostnameChange.class))
                .containsExactly("static", "transient", "pretty", "location", "chassis", "deployment");
    }

    @Test
    void emptyStringsUnsetAndAreValid() {
        HostnameChange c = bind("{\"static\":\"\",\"pretty\":\"\",\"chassis\":\"\",\"deployment\":\"\","
                + "\"location\":\"\"}", HostnameChange.class);

        assertThat(c.staticHostname()).isEmpty();
    }

    @Test
    void anEmptyHostnameBodyOrAnUnknownFieldIs400() {
        assertThat(rejectedFields("{}", HostnameChange.class)).containsExactly("$");
        assertThat(rejectedFields("{\"hostname\":\"x\"}", HostnameChange.class)).containsExactly("hostname");
    }

    @Test
    void everyChassisHostnamedKnowsIsAccepted() {
        for (String chassis : HostnameChange.CHASSIS) {
            assertThat(bind("{\"chassis\":\"" + chassis + "\"}", HostnameChange.class).chassis()).isEqualTo(chassis);
        }
    }

    @Test
    void timeBodyParsesTheInstantAndRejectsOtherText() {
        TimeChange c = bind("{\"ntp\":false,\"time\":\"2026-05-31T12:00:00Z\"}", TimeChange.class);

        assertThat(c.instant()).hasValueSatisfying(i -> assertThat(i.toString()).isEqualTo("2026-05-31T12:00:00Z"));
        assertThat(rejectedFields("{\"time\":\"tomorrow\"}", TimeChange.class)).containsExactly("time");
        assertThat(rejectedFields("{\"ntp\":\"yes\"}", TimeChange.class)).containsExactly("ntp");
        assertThat(rejectedFields("{}", TimeChange.class)).containsExactly("$");
    }

    @Test
    void settingTheTimeWhileTurningNtpOnIsRejected() {
        assertThat(rejectedFields("{\"ntp\":true,\"time\":\"2026-05-31T12:00:00Z\"}", TimeChange.class))
                .containsExactly("time");
    }

    @Test
    void signalsAreNamesWithOrWithoutSigOrNumbers() {
        assertThat(KillUser.number("TERM")).contains(15);
        assertThat(KillUser.number("sigkill")).contains(9);
        assertThat(KillUser.number("SIGHUP")).contains(1);
        assertThat(KillUser.number("10")).contains(10);
        assertThat(KillUser.number("0")).isEmpty();
        assertThat(KillUser.number("65")).isEmpty();
        assertThat(KillUser.number("SIGFOO")).isEmpty();
        assertThat(new KillUser(null).number()).isEqualTo(15);
        assertThat(rejectedFields("{\"signal\":\"SIGFOO\"}", KillUser.class)).containsExactly("signal");
    }

    @Test
    void hostnameInfoWritesStaticAndTransientUnderTheirJsonNamesAndLeavesOutUnsetValues() throws Exception {
        String json = Json.mapper().writeValueAsString(new HostnameInfo("web-1", null, "web-1", null, "server",
                null, null, null, null, null));

        assertThat(json).isEqualTo("{\"static\":\"web-1\",\"transient\":\"web-1\",\"chassis\":\"server\"}");
    }
}
