package io.batchworks.plugins.rates.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallRateTest {

    /** 0.60 a minute (a cent a second), 0.05 a call, billed 30 s at least then by 6 s, free up to 5 s. */
    private static final CallRate RATE = new CallRate("r", "deck", "1", new BigDecimal("0.6"), new BigDecimal("0.05"), 6, 30, 5);

    @ParameterizedTest
    @CsvSource({"0, 0.000000", "5, 0.000000", "6, 0.350000", "30, 0.350000", "31, 0.410000", "36, 0.410000", "37, 0.470000",
            "90, 0.950000"})
    void chargesAsKazoo(long seconds, String expected) {
        assertEquals(new BigDecimal(expected), RATE.charge(seconds));
    }

    @ParameterizedTest
    @CsvSource({"31, 0.950000", "90, 0.950000", "91, 1.550000"})
    void anIncrementOfZeroBillsByTheMinute(long seconds, String expected) {
        CallRate rate = new CallRate("r", "deck", "1", new BigDecimal("0.6"), new BigDecimal("0.05"), 0, 30, 5);
        assertEquals(new BigDecimal(expected), rate.charge(seconds));
    }
}
