package dev.gantry.server.providers.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DescriptionStampTest {
    private static final UUID A = UUID.fromString("0b7e5c1a-2f44-4c1e-9a55-3d2f7f0e9b11");
    private static final UUID B = UUID.fromString("5d1c9e0f-8a7b-4f3e-b2a1-0c9d8e7f6a55");

    @Test
    void theStampGoesAfterTheAdminsTextWhichIsKept() {
        assertThat(DescriptionStamp.apply("", A)).isEqualTo("gantry-id=" + A);
        assertThat(DescriptionStamp.apply("web server\nowner: ops", A)).isEqualTo("web server\nowner: ops\ngantry-id=" + A);
        assertThat(DescriptionStamp.apply("ends with newline\n", A)).isEqualTo("ends with newline\ngantry-id=" + A);
    }

    @Test
    void aSecondStampReplacesTheFirstInPlace() {
        String once = DescriptionStamp.apply("notes", A);
        String twice = DescriptionStamp.apply(once, B);
        assertThat(twice).isEqualTo("notes\ngantry-id=" + B);
        assertThat(DescriptionStamp.find(twice)).contains(B);
    }

    @Test
    void onlyAWholeLineIsAStamp() {
        assertThat(DescriptionStamp.find("see gantry-id=" + A)).isEmpty();
        assertThat(DescriptionStamp.find("gantry-id=not-a-uuid-at-all-not-a-uuid-at-al")).isEmpty();
        assertThat(DescriptionStamp.find("a\r\ngantry-id=" + A + "\r\nb")).contains(A);
    }

    @Test
    void macsComeFromTheNetKeysOfQemuAndLxcInNicOrder() throws Exception {
        JsonNode qemu = Json.mapper().readTree("""
                {"net1":"virtio=bc:24:11:00:00:02,bridge=vmbr1","net0":"virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1",
                 "scsi0":"local-lvm:vm-100-disk-0,size=32G","description":"mac 02:00:00:00:00:09 in text"}""");
        assertThat(ProxmoxReadings.macs(qemu)).containsExactly("BC:24:11:00:00:01", "BC:24:11:00:00:02");
        JsonNode lxc = Json.mapper().readTree("""
                {"net0":"name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:AA:BB:CC,ip=dhcp,type=veth"}""");
        assertThat(ProxmoxReadings.macs(lxc)).containsExactly("BC:24:11:AA:BB:CC");
    }
}
