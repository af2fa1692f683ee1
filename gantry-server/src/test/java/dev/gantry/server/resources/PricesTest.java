package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricesTest {
    private static Prices read(String toml) throws ConfigException {
        TomlConfig config = TomlConfig.parse(toml, "server.toml");
        Prices prices = Prices.read(config.section("Metering"), ResourceTypes.NAMES);
        config.finish();
        return prices;
    }

    @Test
    void pricesAreDecimalStringsPerTypeAndUnlistedTypesAreFree() throws Exception {
        Prices prices = read("[Metering]\nCurrency = \"USD\"\nInstances = \"0.000012\"\nDisks = \"0\"\n");
        assertThat(prices.currency()).isEqualTo("USD");
        assertThat(prices.of("instances")).isEqualByComparingTo(new BigDecimal("0.000012"));
        assertThat(prices.of("disks")).isEqualByComparingTo("0");
        assertThat(prices.of("networks")).isEqualByComparingTo("0");
        assertThat(read("").currency()).isEqualTo("EUR");
    }

    @Test
    void badPricesAndUnknownKeysAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> read("[Metering]\nInstances = \"-1\"\nDisks = \"cheap\"\nCurrency = \"euro\"\nBuckets = \"1\"\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anyMatch(p -> p.contains("Instances"))
                        .anyMatch(p -> p.contains("Disks")).anyMatch(p -> p.contains("Currency"))
                        .anyMatch(p -> p.contains("unknown key Buckets")));
    }
}
