package io.batchworks.plugins.rates.api;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rates a number from a ratedeck (the rates plugin offers it; other plugins find it with
 * {@code PluginContext.service(RateLookup.class)}).
 */
public interface RateLookup {

    /** The deck used when an account has none assigned. */
    String DEFAULT_RATEDECK = "ratedeck";

    /**
     * The rate that applies to a number: the longest prefix of its digits with a rate for the direction (or for
     * both directions), then the highest weight.
     *
     * @param number    digits, with or without a leading {@code +}
     * @param direction {@code inbound}, {@code outbound}, or {@code null} for any
     */
    Optional<CallRate> rate(String ratedeckId, String number, String direction);

    /**
     * The rates of many numbers at once, by number as given; a number no rate matches is absent. The rates plugin
     * answers a batch in a few queries instead of one per number.
     */
    default Map<String, CallRate> rates(String ratedeckId, Collection<String> numbers, String direction) {
        Map<String, CallRate> found = new HashMap<>();
        for (String number : numbers) {
            rate(ratedeckId, number, direction).ifPresent(r -> found.put(number, r));
        }
        return found;
    }
}
