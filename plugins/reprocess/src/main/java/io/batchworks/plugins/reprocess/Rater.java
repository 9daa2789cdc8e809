package io.batchworks.plugins.reprocess;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugins.rates.api.CallRate;
import io.batchworks.plugins.rates.api.RateLookup;

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
    private final CallKeys keys;

    Rater(PluginContext context, Periods periods) {
        this.context = context;
        this.jdbc = new NamedParameterJdbcTemplate(context.dataSource());
        this.periods = periods;
        this.keys = new CallKeys(jdbc, context.database());
    }

    @Override
    public void write(Items<Period> items, TaskInfo task) {
        for (Period period : items.all()) {
            long next = lockScope(jdbc, period.scopeId());
            if (period.start() > next) {
                continue; // its turn has not come: periods are rated in order
            }
            if (period.start() < next) {
                rateLate(period);
                continue;
            }
            rate(period);
            if (period.start() == next) {
                jdbc.update("UPDATE rp_scope SET last_processed = :next WHERE scope_id = :scope",
                        new MapSqlParameterSource("scope", period.scopeId()).addValue("next", period.start() + periods.period()));
            }
        }
    }

    /**
     * Locks the scope's row until the chunk commits (an UPDATE's row lock, on every database) and reads how far it is
     * rated. Imports lock it too, so a period is not rated while calls for it are being stored.
     */
    static long lockScope(NamedParameterJdbcTemplate jdbc, String scope) {
        MapSqlParameterSource p = new MapSqlParameterSource("scope", scope);
        jdbc.update("UPDATE rp_scope SET last_processed = last_processed WHERE scope_id = :scope", p);
        return jdbc.queryForObject("SELECT last_processed FROM rp_scope WHERE scope_id = :scope", p, Long.class);
    }

    /** Replaces the period's rated calls: its calls hour by hour in pages by call id, priced from the scope's deck. */
    void rate(Period period) {
        rate(period, false);
    }

    /**
     * Rates the calls of an already rated period that have no rated row yet (imported after the period was rated),
     * leaving the others as they were rated: changing those is what reprocessing is for. The period's late mark goes
     * first: a call an import stores after this reads the calls marks the period again.
     */
    private void rateLate(Period period) {
        jdbc.update("DELETE FROM rp_late WHERE scope_id = :scope AND period_start = :period",
                new MapSqlParameterSource("scope", period.scopeId()).addValue("period", period.start()));
        rate(period, true);
    }

    private void rate(Period period, boolean onlyLate) {
        RateLookup rates = context.service(RateLookup.class)
                .orElseThrow(() -> new IllegalStateException("no plugin offers rate lookup: is the rates plugin loaded?"));
        String deck = context.accounts().ratedeckFor(period.scopeId()).orElse(RateLookup.DEFAULT_RATEDECK);
        long end = period.start() + periods.period();
        MapSqlParameterSource where = new MapSqlParameterSource("scope", period.scopeId()).addValue("from", period.start())
                .addValue("to", end);
        if (!onlyLate) {
            jdbc.update("DELETE FROM rp_rated WHERE scope_id = :scope AND period_start = :from", where);
        }
        Map<String, Optional<CallRate>> cache = new HashMap<>();
        // hour by hour, so that every database reads only the period's calls (rp_usage_by_hour), in pages by call id
        for (long hour = Periods.hour(period.start()); hour <= Periods.hour(end - 1); hour++) {
            String after = "";
            for (boolean more = true; more; ) {
                List<Call> page = jdbc.query("SELECT call_id, started, number, direction, duration_s FROM rp_usage"
                                + " WHERE scope_id = :scope AND hour = :hour AND started >= :from AND started < :to AND call_id > :after"
                                + " ORDER BY call_id FETCH FIRST " + PAGE + " ROWS ONLY",
                        new MapSqlParameterSource(where.getValues()).addValue("hour", hour).addValue("after", after),
                        (rs, n) -> new Call(rs.getString("call_id"), rs.getLong("started"), rs.getString("number"),
                                rs.getString("direction"), rs.getInt("duration_s")));
                more = page.size() == PAGE;
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).id();
                    store(period, deck, rates, onlyLate ? notRated(period, page) : page, cache);
                }
            }
        }
    }

    /** The page's calls without a rated row. */
    private List<Call> notRated(Period period, List<Call> page) {
        Set<String> rated = keys.present("rp_rated", period.scopeId(), page.stream().map(Call::id).toList());
        return page.stream().filter(c -> !rated.contains(c.id())).toList();
    }

    /** Prices the calls from the deck and stores them rated. */
    private void store(Period period, String deck, RateLookup rates, List<Call> calls, Map<String, Optional<CallRate>> cache) {
        lookUp(rates, deck, calls, cache);
        List<MapSqlParameterSource> rated = new ArrayList<>(calls.size());
        for (Call call : calls) {
            Optional<CallRate> rate = cache.get(call.key());
            rated.add(new MapSqlParameterSource("scope", period.scopeId()).addValue("call", call.id())
                    .addValue("period", period.start()).addValue("started", call.started())
                    .addValue("number", call.number()).addValue("direction", call.direction()).addValue("duration", call.durationS())
                    .addValue("deck", deck).addValue("rate", rate.map(CallRate::id).orElse(null))
                    .addValue("prefix", rate.map(CallRate::prefix).orElse(null))
                    .addValue("price", rate.map(r -> r.charge(call.durationS())).orElse(BigDecimal.ZERO))
                    .addValue("unrated", rate.isEmpty()));
        }
        jdbc.batchUpdate("INSERT INTO rp_rated (scope_id, call_id, period_start, started, number, direction, duration_s,"
                + " ratedeck_id, rate_id, prefix, price, unrated) VALUES (:scope, :call, :period, :started, :number, :direction,"
                + " :duration, :deck, :rate, :prefix, :price, :unrated)", rated.toArray(MapSqlParameterSource[]::new));
    }

    /** One call to rate. */
    private record Call(String id, long started, String number, String direction, int durationS) {
        String key() {
            return direction + ":" + number;
        }
    }

    /** Fills the cache with the rates of the page's numbers not in it yet: one batch per direction. */
    private static void lookUp(RateLookup rates, String deck, List<Call> calls, Map<String, Optional<CallRate>> cache) {
        Map<String, Set<String>> missing = new HashMap<>();
        for (Call call : calls) {
            if (!cache.containsKey(call.key())) {
                missing.computeIfAbsent(call.direction(), d -> new HashSet<>()).add(call.number());
            }
        }
        missing.forEach((direction, numbers) -> {
            Map<String, CallRate> found = rates.rates(deck, numbers, direction);
            numbers.forEach(number -> cache.put(direction + ":" + number, Optional.ofNullable(found.get(number))));
        });
    }
}
