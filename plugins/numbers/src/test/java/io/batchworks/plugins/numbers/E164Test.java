package io.batchworks.plugins.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class E164Test {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "+12223334444, +12223334444",
            "2223334444, +12223334444",
            "12223334444, +12223334444",
            "'(415) 555-0100', +14155550100",
            "'+44 20 7946 0000', +442079460000",
            "+23334445555, +23334445555",
            "0114930901820, +4930901820",
            "004930901820, +4930901820",
            "3148096310, +13148096310",
            "12, null",
            "abc, null",
            "1223334444, null",
            "'+1234567890123456', null",
            "'', null"})
    void normalisesAsKazooDoes(String given, String expected) {
        assertThat(E164.normalise(given)).isEqualTo(expected);
    }
}
