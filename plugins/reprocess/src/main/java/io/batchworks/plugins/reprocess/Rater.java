package io.batchworks.plugins.reprocess;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.CallRate;
import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.RateLookup;
import io.batchworks.plugin.TaskInfo;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Rates periods of a scope's calls, one period per chunk (a {@code usage/rate} task's rows): the period's rated
 * calls are replaced and the scope's {@code last_processed} advanced in the chunk's transaction, so a crash leaves
 * a period rated wholly or not at all. The scope's row is locked first: a scope is rated by one run at a time,
 * across engine nodes. A period other than the scope's next one is skipped, so overlapping cycles rate it once.
 * Prices come from the {@link RateLookup} service (the rates plugin's), from the scope's ratedeck.
 */
final class Rater implements ChunkWriter<Rater.Period> {

    /** One period of one scope. */
    record Period(String scopeId, long start) {
    }

    private static final int PAGE = 1000;

    private final PluginContext context;
    private final NamedParameterJdbcTemplate jdbc;
    private final Periods periods;

    Rater(PluginContext context, Periods periods) {
        this.context = context;
        this.jdbc = new NamedParameterJdbcTemplate(context.dataSource());
        this.periods = periods;
    }

    @Override
    public void write(Items<Period> items, TaskInfo task) {
        for (Period period : items.all()) {
            if (lockScope(period.scopeId()) != period.start()) {
                continue; // rated already, by this cycle or an overlapping one
            }
            rate(period);
            jdbc.update("UPDATE rp_scope SET last_processed = :next WHERE scope_id = :scope",
                    new MapSqlParameterSource("scope", period.scopeId()).addValue("next", period.start() + periods.period()));
        }
    }

    /** Locks the scope's row until the chunk commits (an UPDATE's row lock, on every database) and reads it. */
    long lockScope(String scope) {
        MapSqlParameterSource p = new MapSqlParameterSource("scope", scope);
        jdbc.update("UPDATE rp_scope SET last_processed = last_processed WHERE scope_id = :scope", p);
        return jdbc.queryForObject("SELECT last_processed FROM rp_scope WHERE scope_id = :scope", p, Long.class);
    }

    /** Replaces the period's rated calls: its calls in pages by call id, priced from the scope's deck. */
    void rate(Period period) {
        RateLookup rates = context.service(RateLookup.class)
                .orElseThrow(() -> new IllegalStateException("no plugin offers rate lookup: is the rates plugin loaded?"));
        String deck = context.accounts().ratedeckFor(period.scopeId()).orElse(RateLookup.DEFAULT_RATEDECK);
        MapSqlParameterSource where = new MapSqlParameterSource("scope", period.scopeId()).addValue("from", period.start())
                .addValue("to", period.start() + periods.period());
        jdbc.update("DELETE FROM rp_rated WHERE scope_id = :scope AND period_start = :from", where);
        Map<String, Optional<CallRate>> cache = new HashMap<>();
        String after = "";
        while (true) {
            List<MapSqlParameterSource> rated = new ArrayList<>(PAGE);
            String[] last = {null};
            jdbc.query("SELECT call_id, started, number, direction, duration_s FROM rp_usage WHERE scope_id = :scope"
                            + " AND started >= :from AND started < :to AND call_id > :after ORDER BY call_id FETCH FIRST " + PAGE
                            + " ROWS ONLY", new MapSqlParameterSource(where.getValues()).addValue("after", after),
                    rs -> {
                        String number = rs.getString("number");
                        String direction = rs.getString("direction");
                        Optional<CallRate> rate = cache.computeIfAbsent(direction + ":" + number,
                                k -> rates.rate(deck, number, direction));
                        int duration = rs.getInt("duration_s");
                        last[0] = rs.getString("call_id");
                        rated.add(new MapSqlParameterSource("scope", period.scopeId()).addValue("call", last[0])
                                .addValue("period", period.start()).addValue("started", rs.getLong("started"))
                                .addValue("number", number).addValue("direction", direction).addValue("duration", duration)
                                .addValue("deck", deck).addValue("rate", rate.map(CallRate::id).orElse(null))
                                .addValue("prefix", rate.map(CallRate::prefix).orElse(null))
                                .addValue("price", rate.map(r -> r.charge(duration)).orElse(BigDecimal.ZERO))
                                .addValue("unrated", rate.isEmpty()));
                    });
            if (rated.isEmpty()) {
                return;
            }
            jdbc.batchUpdate("INSERT INTO rp_rated (scope_id, call_id, period_start, started, number, direction, duration_s,"
                    + " ratedeck_id, rate_id, prefix, price, unrated) VALUES (:scope, :call, :period, :started, :number, :direction,"
                    + " :duration, :deck, :rate, :prefix, :price, :unrated)", rated.toArray(MapSqlParameterSource[]::new));
            after = last[0];
        }
    }
}
