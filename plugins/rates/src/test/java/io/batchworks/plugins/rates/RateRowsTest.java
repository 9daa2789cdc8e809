package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;

import org.junit.jupiter.api.Test;

class RateRowsTest {

    private static final TaskInfo TASK = new TaskInfo("t", "acct", "auth", "rates", "import", Map.of());
    private final RateRows rows = new RateRows();

    private static Row row(String... cells) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i += 2) {
            map.put(cells[i], cells[i + 1]);
        }
        return new Row(2, map);
    }

    @Test
    void fillsKazooDefaults() throws Exception {
        Rate rate = rows.handle(row("prefix", "1415", "rate_cost", "0.05", "iso_country_code", "US", "account_id", "ignored"), TASK);
        assertThat(rate.ratedeckId()).isEqualTo("ratedeck");
        assertThat(rate.accountId()).isEqualTo("acct");
        assertThat(rate.direction()).isNull();
        assertThat(rate.rateName()).isEqualTo("inbound_outbound_US_1415");
        assertThat(rate.routes()).isEqualTo("[\"^\\\\+?1415.+$\"]");
        // len(prefix) * 10 - trunc(cost * 100) = 40 - 5
        assertThat(rate.weight()).isEqualTo(35);
        assertThat(rate.rateIncrement()).isEqualTo(60);
        assertThat(rate.rateMinimum()).isEqualTo(60);
        assertThat(rate.rateNochargeTime()).isZero();
        assertThat(rate.rateSurcharge()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void weightUsesTheInternalCostWhenSetAndIsClamped() throws Exception {
        assertThat(rows.handle(row("prefix", "1415", "rate_cost", "0.05", "internal_rate_cost", "0.2"), TASK).weight()).isEqualTo(20);
        assertThat(rows.handle(row("prefix", "1", "rate_cost", "0.9"), TASK).weight()).isEqualTo(1);
        assertThat(rows.handle(row("prefix", "123456789012", "rate_cost", "0"), TASK).weight()).isEqualTo(100);
        assertThat(rows.handle(row("prefix", "1", "rate_cost", "0", "weight", "500"), TASK).weight()).isEqualTo(100);
        assertThat(rows.handle(row("prefix", "1", "rate_cost", "0", "weight", "-3"), TASK).weight()).isEqualTo(1);
    }

    @Test
    void routesAndCallerIdNumbers() throws Exception {
        assertThat(rows.handle(row("prefix", "44", "rate_cost", "1", "routes", "^\\+?44.+$"), TASK).routes())
                .isEqualTo("[\"^\\\\+?44.+$\"]");
        assertThat(rows.handle(row("prefix", "44", "rate_cost", "1", "routes", "[\"^\\\\+?123$\",\"^\\\\+?456$\"]"), TASK).routes())
                .isEqualTo("[\"^\\\\+?123$\",\"^\\\\+?456$\"]");
        assertThat(rows.handle(row("prefix", "380", "rate_cost", "1", "routes", "[not json"), TASK).routes())
                .isEqualTo("[\"^\\\\+?380.+$\"]");
        assertThat(rows.handle(row("prefix", "44", "rate_cost", "1", "caller_id_numbers", "441:442"), TASK).callerIdNumbers())
                .isEqualTo("[\"^\\\\+?441.+$\",\"^\\\\+?442.+$\"]");
    }

    @Test
    void directionNamesAndDecks() throws Exception {
        Rate out = rows.handle(row("prefix", "33", "rate_cost", "1", "direction", "outbound", "iso_country_code", "FR"), TASK);
        assertThat(out.direction()).isEqualTo("outbound");
        assertThat(out.rateName()).isEqualTo("outbound_FR_33");
        assertThat(rows.handle(row("prefix", "33", "rate_cost", "1", "direction", "inbound:outbound"), TASK).direction()).isNull();
        TaskInfo withDeck = new TaskInfo("t", "a", "a", "rates", "import", Map.of("ratedeck_id", "task-deck"));
        assertThat(rows.handle(row("prefix", "1", "rate_cost", "1"), withDeck).ratedeckId()).isEqualTo("task-deck");
        assertThat(rows.handle(row("prefix", "1", "rate_cost", "1", "ratedeck_id", "row-deck"), withDeck).ratedeckId())
                .isEqualTo("row-deck");
    }

    @Test
    void malformedRowsNameEveryBadField() {
        assertThatThrownBy(() -> rows.handle(row("prefix", "", "rate_cost", "0.1"), TASK))
                .isInstanceOf(RowRejectedException.class).hasMessage("missing mandatory value(s) prefix");
        assertThatThrownBy(() -> rows.handle(row("prefix", "44x9", "rate_cost", "abc", "direction", "sideways"), TASK))
                .hasMessage("bad field(s) prefix rate_cost direction");
        assertThatThrownBy(() -> rows.handle(row("prefix", "44", "rate_cost", "-0.5"), TASK))
                .hasMessage("bad field(s) rate_cost");
        assertThatThrownBy(() -> rows.handle(row("prefix", "44", "rate_cost", "1", "rate_increment", "-1"), TASK))
                .hasMessage("bad field(s) rate_increment");
    }
}
