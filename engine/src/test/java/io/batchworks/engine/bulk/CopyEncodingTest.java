package io.batchworks.engine.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** COPY's text format as the loader writes it by hand, against what PostgreSQL reads back. */
class CopyEncodingTest {

    private static String encode(Object value) {
        PostgresCopyLoader.Buffer buffer = new PostgresCopyLoader.Buffer(4);
        buffer.value(value);
        return buffer.text();
    }

    @Test
    void decimalsArePlainWithTheirScale() {
        assertEquals("0.2483", encode(new BigDecimal("0.2483")));
        assertEquals("0.000100", encode(new BigDecimal("0.000100")));
        assertEquals("12.5", encode(new BigDecimal("12.5")));
        assertEquals("-3.04", encode(new BigDecimal("-3.04")));
        assertEquals("0", encode(BigDecimal.ZERO));
        assertEquals("0.00", encode(new BigDecimal("0.00")));
        assertEquals("1000", encode(new BigDecimal("1E+3")));
        assertEquals("123456789012345678901234.5", encode(new BigDecimal("123456789012345678901234.5")));
        assertEquals("999999999999999999", encode(new BigDecimal("999999999999999999")));
    }

    @Test
    void integers() {
        assertEquals("0", encode(0));
        assertEquals("60", encode(60));
        assertEquals("-2147483648", encode(Integer.MIN_VALUE));
        assertEquals("-9223372036854775808", encode(Long.MIN_VALUE));
        assertEquals("9223372036854775807", encode(Long.MAX_VALUE));
    }

    @Test
    void textIsEscapedAndUtf8() {
        assertEquals("\\N", encode(null));
        assertEquals("a\\\\b\\tc\\nd\\re", encode("a\\b\tc\nd\re"));
        assertEquals("Zürich\\t€", encode("Zürich\t€"));
        assertEquals("", encode(""));
    }
}
