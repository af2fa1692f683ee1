package dev.gantry.server.resources;

import java.math.BigDecimal;
import java.util.Map;

/** Price per second of a billed resource, per type (config {@code [Metering] Prices}); unlisted types cost nothing. */
public record Prices(Map<String, BigDecimal> perSecond, String currency) {
    public Prices {
        perSecond = Map.copyOf(perSecond);
        perSecond.forEach((type, price) -> {
            if (price.signum() < 0) {
                throw new IllegalArgumentException("[Metering] Prices." + type + " = " + price + ": must not be negative");
            }
        });
    }

    public BigDecimal of(String type) {
        return perSecond.getOrDefault(type, BigDecimal.ZERO);
    }
}
