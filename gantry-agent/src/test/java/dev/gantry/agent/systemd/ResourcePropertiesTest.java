package dev.gantry.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.agent.backend.dbus.systemd.Systemd.Setting;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ResourcePropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Setting> settings(String json) throws Exception {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        JSON.readTree(json).fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
        Violations v = new Violations();
        List<Setting> settings = ResourceProperties.settings(properties, v);
        v.throwIfAny();
        return settings;
    }

    private static ApiException rejected(String json) {
        return Assertions.catchThrowableOfType(ApiException.class, () -> settings(json));
    }

    @Test
    void weightsBooleansAndPoliciesPassAsTheyAre() throws Exception {
        assertThat(settings("{\"CPUWeight\":200,\"IOWeight\":50,\"CPUAccounting\":true,\"DevicePolicy\":\"closed\"}"))
                .containsExactly(new Setting("CPUWeight", "t", 200L), new Setting("IOWeight", "t", 50L),
                        new Setting("CPUAccounting", "b", true), new Setting("DevicePolicy", "s", "closed"));
    }

    @Test
    void cpuSharesBecomeTheCpuWeightSystemdWouldUse() throws Exception {
        assertThat(settings("{\"CPUShares\":2048}")).containsExactly(new Setting("CPUWeight", "t", 200L));
        assertThat(settings("{\"StartupCPUShares\":1024}")).containsExactly(new Setting("StartupCPUWeight", "t", 100L));
        assertThat(settings("{\"CPUShares\":2}")).containsExactly(new Setting("CPUWeight", "t", 1L));
        assertThat(ResourceProperties.sharesToWeight(262_144)).isEqualTo(10_000);
    }

    @Test
    void cpuQuotaIsMicrosecondsPerSecond() throws Exception {
        assertThat(settings("{\"CPUQuota\":\"50%\"}")).containsExactly(new Setting("CPUQuotaPerSecUSec", "t", "500000"));
        assertThat(settings("{\"CPUQuota\":200}")).containsExactly(new Setting("CPUQuotaPerSecUSec", "t", "2000000"));
        assertThat(settings("{\"CPUQuota\":\"infinity\"}"))
                .containsExactly(new Setting("CPUQuotaPerSecUSec", "t", ResourceProperties.INFINITY));
    }

    @Test
    void memoryTakesBytesSizesPercentagesAndInfinity() throws Exception {
        assertThat(settings("{\"MemoryMax\":\"64M\",\"MemoryHigh\":1000,\"MemoryLow\":\"infinity\",\"MemoryMin\":\"2G\"}"))
                .containsExactly(new Setting("MemoryMax", "t", 67_108_864L), new Setting("MemoryHigh", "t", 1000L),
                        new Setting("MemoryLow", "t", ResourceProperties.INFINITY),
                        new Setting("MemoryMin", "t", 2_147_483_648L));
        assertThat(settings("{\"MemoryMax\":\"50%\"}")).containsExactly(new Setting("MemoryMaxScale", "u", 2_147_483_648L));
    }

    @Test
    void tasksTakeNumbersPercentagesAndInfinityButNoSizes() throws Exception {
        assertThat(settings("{\"TasksMax\":50}")).containsExactly(new Setting("TasksMax", "t", 50L));
        assertThat(settings("{\"TasksMax\":\"100%\"}")).containsExactly(new Setting("TasksMaxScale", "u", 4_294_967_295L));
        assertThat(rejected("{\"TasksMax\":\"5K\"}").getMessage()).startsWith("properties.TasksMax:");
    }

    @Test
    void cpuSetsBecomeBitMasks() throws Exception {
        Setting s = settings("{\"AllowedCPUs\":\"0-1,9\"}").getFirst();
        assertThat(s.signature()).isEqualTo("ay");
        assertThat((byte[]) s.value()).containsExactly(0b11, 0b10);
    }

    @Test
    void unknownAndMistypedPropertiesAreNamedInOne400() {
        ApiException e = rejected("{\"CPUWeight\":0,\"Frobnicate\":1,\"MemoryMax\":\"lots\",\"CPUAccounting\":\"yes\"}");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.toProblem("/x").errors()).extracting(f -> f.field()).containsExactly(
                "properties.CPUWeight", "properties.Frobnicate", "properties.MemoryMax", "properties.CPUAccounting");
        assertThat(e.toProblem("/x").errors().get(1).message()).startsWith("not a settable resource-control property");
    }

    @Test
    void anEmptyPatchIsRejected() {
        assertThat(rejected("{}").toProblem("/x").errors().getFirst().field()).isEqualTo("properties");
    }
}
