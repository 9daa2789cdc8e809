package io.batchworks.plugins.rates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.batchworks.plugin.data.Decimals;
import io.batchworks.plugins.rates.api.CallRate;

/**
 * A number's rate as the lookup routes answer it, one lookup or many: Kazoo's fields of {@code cb_rates}' number
 * lookup, priced as Kazoo prices them. A CSV answer has the same fields as columns, in {@link #COLUMNS}' order.
 */
final class RateAnswer {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    /** The CSV answer's columns: the number as given, the rate's fields, and why a number has none. */
    static final List<String> COLUMNS = List.of("number", "e164_number", "prefix", "rate", "surcharge", "base_cost",
            "rate_increment", "rate_minimum", "rate_id", "ratedeck_id", "reason");

    /** Why a number has no rate: its text is not digits. */
    static final String UNRATEABLE = "Number is un-rateable";
    /** Why a number has no rate: no prefix of the deck starts it. */
    static final String NO_RATE = "No rate found for this number";

    private RateAnswer() {
    }

    /** Kazoo's fields of a rate for a number's digits, by name in alphabetical order, as Kazoo's JSON lists them. */
    static Map<String, Object> fields(String digits, CallRate rate) {
        Map<String, Object> data = new TreeMap<>();
        data.put("Base-Cost", baseCost(rate));
        data.put("E164-Number", "+" + digits);
        data.put("Prefix", rate.prefix());
        data.put("Rate", Decimals.plain(rate.cost()));
        data.put("Rate-ID", rate.id());
        data.put("Rate-Increment", rate.increment());
        data.put("Rate-Minimum", rate.minimum());
        data.put("Ratedeck-ID", rate.ratedeckId());
        data.put("Surcharge", Decimals.plain(rate.surcharge()));
        return data;
    }

    /** The CSV line of a number: its rate's fields, or none and the reason. */
    static List<String> cells(String given, String digits, CallRate rate, String reason) {
        if (rate == null) {
            return List.of(given, "", "", "", "", "", "", "", "", "", reason);
        }
        return List.of(given, "+" + digits, rate.prefix(), Decimals.plain(rate.cost()).toPlainString(),
                Decimals.plain(rate.surcharge()).toPlainString(), baseCost(rate).toPlainString(), String.valueOf(rate.increment()),
                String.valueOf(rate.minimum()), rate.id(), rate.ratedeckId(), "");
    }

    /** Kazoo's base cost: the surcharge plus the minimum billed duration at the per-minute rate. */
    private static BigDecimal baseCost(CallRate rate) {
        return Decimals.plain(rate.surcharge().add(rate.cost().multiply(BigDecimal.valueOf(rate.minimum()))
                .divide(SIXTY, 6, RoundingMode.HALF_UP)));
    }
}
