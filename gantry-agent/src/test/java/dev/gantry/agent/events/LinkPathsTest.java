package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LinkPathsTest {
    @Test
    void theEscapedLeadingDigitIsDecodedNotCutOff() {
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_32")).hasValue(2);
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_310")).hasValue(10);
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_3123")).hasValue(123);
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_31")).hasValue(1);
    }

    @Test
    void encodingAndDecodingAgreeForEveryIndexShape() {
        for (int i : new int[] {1, 9, 10, 99, 100, 4096, 65535, 2147483647}) {
            assertThat(LinkPaths.ifindex(LinkPaths.of(i))).hasValue(i);
        }
        assertThat(LinkPaths.of(10)).isEqualTo("/org/freedesktop/network1/link/_310");
    }

    @Test
    void otherPathsAndMalformedLabelsAreNoLink() {
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1")).isEqualTo(OptionalInt.empty());
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/network/_32")).isEmpty();
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_3")).isEmpty();
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_zz")).isEmpty();
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_30")).isEmpty();
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/eth0")).isEmpty();
        assertThat(LinkPaths.ifindex("/org/freedesktop/network1/link/_399999999999")).isEmpty();
        assertThat(LinkPaths.ifindex(null)).isEmpty();
    }
}
