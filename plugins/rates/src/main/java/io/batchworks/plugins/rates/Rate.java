package io.batchworks.plugins.rates;

import java.math.BigDecimal;

/** A rate as stored: one row of the {@code rates} table. {@code direction} is {@code null} for both directions. */
record Rate(String ratedeckId, String prefix, String isoCountryCode, String rateSuffix, String accountId,
            String rateName, String description, String direction, BigDecimal rateCost,
            BigDecimal internalRateCost, BigDecimal rateSurcharge, int rateIncrement, int rateMinimum,
            int rateNochargeTime, String rateVersion, String carrier, int weight, String routes,
            String callerIdNumbers) {
}
