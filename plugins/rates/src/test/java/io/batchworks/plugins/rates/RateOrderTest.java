package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The order a chunk is written in: close to the unique index's, and a repeated rate's rows kept in file order. */
class RateOrderTest {

    private static Rate rate(String prefix, String iso, String name) {
        return new Rate("ratedeck", prefix, iso, "", null, name, null, null, BigDecimal.ONE, null, BigDecimal.ZERO,
                60, 60, 0, null, null, 1, "[]", null);
    }

    @Test
    void digitPrefixesComeInTheirStringOrder() {
        Random random = new Random(7);
        List<Rate> chunk = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            chunk.add(rate(Long.toString(random.nextLong(1, 100_000_000_000L)), "", "r" + i));
        }
        List<String> prefixes = RateStore.inPrefixOrder(chunk, Rate::prefix).stream().map(Rate::prefix).toList();
        assertThat(prefixes).hasSize(5_000).isSortedAccordingTo(Comparator.naturalOrder())
                .containsExactlyInAnyOrderElementsOf(chunk.stream().map(Rate::prefix).toList());
    }

    @Test
    void rowsWithTheSameLeadingCharactersKeepTheirOrder() {
        List<Rate> chunk = List.of(rate("4420", "GB", "first"), rate("1", "", "one"), rate("4420", "", "second"),
                rate("4420", "GB", "third"), rate("44201234567890", "", "long"), rate("44201234567899", "", "longer"),
                rate("+44", "", "plus"));
        assertThat(RateStore.inPrefixOrder(chunk, Rate::prefix)).extracting(Rate::rateName)
                .containsExactly("one", "first", "second", "third", "long", "longer", "plus");
    }

    @Test
    void aDeleteRowWithoutPrefixGoesFirst() {
        List<Map<String, Object>> criteria = new ArrayList<>();
        criteria.add(Map.of("ratedeck_id", "ratedeck", "prefix", "44"));
        criteria.add(Map.of("ratedeck_id", "ratedeck", "iso_country_code", "GB"));
        criteria.add(Map.of("ratedeck_id", "ratedeck", "prefix", "1"));
        assertThat(RateStore.inPrefixOrder(criteria, c -> (String) c.get("prefix")))
                .containsExactly(criteria.get(1), criteria.get(2), criteria.get(0));
    }
}
