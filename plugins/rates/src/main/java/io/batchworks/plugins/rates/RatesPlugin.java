package io.batchworks.plugins.rates;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.Permission;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.Service;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugins.rates.api.CallRate;
import io.batchworks.plugins.rates.api.RateLookup;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** Kazoo's rates task (import, export, delete a ratedeck from CSV) and its rate lookup API. */
public final class RatesPlugin implements BatchworksPlugin {

    /** Kazoo's field list for rates, shared by every action's CSV. */
    static final String[] OPTIONAL = {"account_id", "caller_id_numbers", "carrier", "description", "direction",
            "internal_rate_cost", "iso_country_code", "options", "rate_increment", "rate_minimum", "rate_name",
            "rate_nocharge_time", "rate_suffix", "rate_surcharge", "rate_version", "ratedeck_id", "routes", "weight"};

    private Rates rates;

    @Override
    public String migrations() {
        return "db/rates";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        RateStore store = rates(context).store();
        return List.of(
                TaskType.builder("rates", "import")
                        .description("Bulk-import rates to a specified ratedeck")
                        .doc("Creates rates from file")
                        .expectedContent("text/csv")
                        .mandatory("prefix", "rate_cost")
                        .optional(OPTIONAL)
                        .permission(Permission.RESELLER)
                        .rows(new RateRows(), (rates, task) -> store.upsert(rates.all()))
                        // a later row of the file still wins over an earlier one of the same rate
                        .partitionBy(RateRows::identity)
                        .build(),
                TaskType.builder("rates", "export")
                        .description("Export ratedeck")
                        .doc("Export rates into a CSV file (parameter ratedeck_id, default \"ratedeck\"), ordered by prefix")
                        .permission(Permission.RESELLER)
                        .export(store::export)
                        .build(),
                TaskType.builder("rates", "delete")
                        .description("Bulk-remove rates")
                        .doc("Deletes the rates whose every field given in a row matches; an empty cell matches anything")
                        .expectedContent("text/csv")
                        .mandatory("prefix")
                        .optional(OPTIONAL)
                        .permission(Permission.RESELLER)
                        .rows(new DeleteRows(), (criteria, task) -> store.delete(criteria.all()))
                        .build());
    }

    @Override
    public RouterFunction<ServerResponse> routes(PluginContext context) {
        return new RateNumberApi(rates(context).lookups(), context).routes();
    }

    @Override
    public List<Service<?>> services(PluginContext context) {
        RateLookups lookups = rates(context).lookups();
        return List.of(Service.of(RateLookup.class, new RateLookup() {
            @Override
            public Optional<CallRate> rate(String ratedeckId, String number, String direction) {
                return lookups.callRate(ratedeckId, number, direction);
            }

            @Override
            public Map<String, CallRate> rates(String ratedeckId, Collection<String> numbers, String direction) {
                return lookups.callRates(ratedeckId, numbers, direction);
            }
        }));
    }

    /** The writes and reads of one engine context: its tasks, routes and lookup service share the decks' indexes. */
    private record Rates(PluginContext context, RateStore store, RateLookups lookups) {
    }

    private synchronized Rates rates(PluginContext context) {
        if (rates == null || rates.context() != context) {
            DeckIndexes indexes = new DeckIndexes(context, new JdbcTemplate(context.dataSource()));
            rates = new Rates(context, new RateStore(context, indexes), new RateLookups(context, indexes));
        }
        return rates;
    }
}
