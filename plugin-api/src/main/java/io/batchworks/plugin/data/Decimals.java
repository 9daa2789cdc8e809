package io.batchworks.plugin.data;

import java.math.BigDecimal;

/** Decimal amounts as people write them: no trailing zeros, no exponent. */
public final class Decimals {

    private Decimals() {
    }

    /** {@code 0.050000} becomes {@code 0.05}, {@code 1E+1} becomes {@code 10}. */
    public static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
