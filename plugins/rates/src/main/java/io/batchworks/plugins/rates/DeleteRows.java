package io.batchworks.plugins.rates;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;

/**
 * A delete row to the criteria a rate must match to be deleted: every column the row gives (an empty cell
 * matches anything), in the deck the row names, else the task's deck. {@code account_id} is ignored (Kazoo).
 */
final class DeleteRows implements RowHandler<Map<String, Object>> {

    @Override
    public Map<String, Object> handle(Row row, TaskInfo task) throws RowRejectedException {
        RateRows.Fields f = new RateRows.Fields(row);
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("ratedeck_id", RateRows.ratedeck(row, task));
        criteria.put("prefix", f.digits("prefix", true));
        for (String column : RateStore.COLUMNS) {
            String value = row.get(column);
            if (value == null || criteria.containsKey(column) || column.equals("account_id")) {
                continue;
            }
            criteria.put(column, switch (column) {
                case "rate_cost", "internal_rate_cost", "rate_surcharge" -> f.amount(column, false);
                case "rate_increment", "rate_minimum", "rate_nocharge_time", "weight" -> f.integer(column);
                case "direction" -> f.direction();
                case "routes" -> RateRows.routes(value, row.get("prefix"));
                case "caller_id_numbers" -> RateRows.callerIdNumbers(value);
                default -> value;
            });
        }
        f.rejectIfBad();
        return criteria;
    }
}
