package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parseReadsShortFormsAndIso8601() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void parseRefusesZeroNegativeAndUnknownForms() {
        for (String bad : new String[] {"0s", "PT0S", "-PT5M", "5 minutes", "5w", ""}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is no duration such as 90s, 5m, 2h, 1d or PT5M");
        }
    }

    @Test
    void formatShowsTheTwoLargestUnits() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Durations.format(Duration.ofSeconds(252))).isEqualTo("4m 12s");
        assertThat(Durations.format(Duration.ofSeconds(3_723))).isEqualTo("1h 2m");
        assertThat(Durations.format(Duration.ofHours(76).plusMinutes(5))).isEqualTo("3d 4h");
    }
}
