package dev.gantry.server.resources;

import dev.gantry.common.config.TomlConfig;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code [Metering]}: the price per second of a billed resource, per type, and the currency the
 * usage answer names. Keys are the type names capitalised ({@code Instances = "0.000012"}); prices
 * are decimal strings so that no binary fraction creeps into a bill. An unlisted type costs nothing.
 */
public record Prices(Map<String, BigDecimal> perSecond, String currency) {
    /** Every type free, currency EUR: the default. */
    public static final Prices FREE = new Prices(Map.of(), "EUR");

    public Prices {
        perSecond = Map.copyOf(perSecond);
        perSecond.forEach((type, price) -> {
            if (price.signum() < 0) {
                throw new IllegalArgumentException("price of " + type + " is " + price + ": must not be negative");
            }
        });
    }

    public BigDecimal of(String type) {
        return perSecond.getOrDefault(type, BigDecimal.ZERO);
    }

    /** Reads {@code Currency} (default EUR) and one price key per type (default "0"). */
    public static Prices read(TomlConfig.Section section, List<String> types) {
        String currency = section.string("Currency", FREE.currency());
        if (!currency.matches("[A-Z]{3}")) {
            section.reject("Currency", currency, "an ISO 4217 code such as EUR");
        }
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (String type : types) {
            String key = type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
            String text = section.string(key, "0");
            try {
                BigDecimal price = new BigDecimal(text);
                if (price.signum() < 0) {
                    section.reject(key, text, "a price per second, 0 or more");
                } else if (price.signum() > 0) {
                    prices.put(type, price);
                }
            } catch (NumberFormatException e) {
                section.reject(key, text, "a decimal price per second as a string, e.g. \"0.000012\"");
            }
        }
        return new Prices(prices, currency);
    }
}
