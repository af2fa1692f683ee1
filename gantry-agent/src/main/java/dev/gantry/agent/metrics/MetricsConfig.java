package dev.gantry.agent.metrics;

import java.time.Duration;

/**
 * The {@code [Metrics]} section of gantryd.toml.
 *
 * @param ratesInterval {@code RatesInterval} (whole seconds, 1 to 3600, or 0 for off; default 5): how
 *                      often the rates sampler reads /proc
 * @param ratesSamples  {@code RatesSamples} (2 to 10000, default 60): how many samples it keeps
 */
public record MetricsConfig(Duration ratesInterval, int ratesSamples) {
    public static final MetricsConfig DEFAULT = new MetricsConfig(Duration.ofSeconds(5), 60);

    public boolean ratesEnabled() {
        return !ratesInterval.isZero();
    }
}
