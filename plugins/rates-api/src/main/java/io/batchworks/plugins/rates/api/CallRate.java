package io.batchworks.plugins.rates.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A rate as it prices a call (Kazoo's rate document fields).
 *
 * @param cost         per minute
 * @param surcharge    per call, on top of the time charged
 * @param increment    seconds billed at a time after the minimum ({@code 0} means 60)
 * @param minimum      seconds billed at least
 * @param noChargeTime a call this long or shorter costs nothing
 */
public record CallRate(String id, String ratedeckId, String prefix, BigDecimal cost, BigDecimal surcharge, int increment,
                       int minimum, int noChargeTime) {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    public CallRate {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(surcharge, "surcharge");
    }

    /**
     * Kazoo's charge for a call of {@code seconds}: nothing up to the no-charge time; else the surcharge plus the
     * minimum at the per-minute cost, plus each started increment beyond the minimum. Six decimals, half up.
     */
    public BigDecimal charge(long seconds) {
        if (seconds <= 0 || seconds <= noChargeTime) {
            return BigDecimal.ZERO.setScale(6);
        }
        int step = increment <= 0 ? 60 : increment;
        BigDecimal perSecond = cost.divide(SIXTY, 12, RoundingMode.HALF_UP);
        BigDecimal charge = surcharge.add(perSecond.multiply(BigDecimal.valueOf(minimum)));
        if (seconds > minimum) {
            long increments = (seconds - minimum + step - 1) / step;
            charge = charge.add(perSecond.multiply(BigDecimal.valueOf(increments * step)));
        }
        return charge.setScale(6, RoundingMode.HALF_UP);
    }
}
