package io.batchworks.plugins.rates;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.data.Database;
import io.batchworks.plugins.rates.api.CallRate;

import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The {@code rates} table's reads: the rate of a number by Kazoo's longest-prefix rule, from the deck's in-memory
 * index when it is current, else from the database. {@link RateStore} writes.
 */
final class RateLookups {

    private final JdbcTemplate jdbc;
    private final Database database;
    private final DeckIndexes indexes;

    RateLookups(PluginContext context, DeckIndexes indexes) {
        this.jdbc = new JdbcTemplate(context.dataSource());
        this.database = context.database();
        this.indexes = indexes;
    }

    /** The in-memory indexes of this node's decks, for the route that shows them. */
    DeckIndexes indexes() {
        return indexes;
    }

    /**
     * {@link io.batchworks.plugins.rates.api.RateLookup}: the rate of a number, as it prices a call; from the deck's index
     * when it is current (the deck's version read within the recheck interval).
     */
    Optional<CallRate> callRate(String deck, String number, String direction) {
        DeckIndex index = index(deck, direction, false);
        if (index != null) {
            String digits = digits(number);
            return Optional.ofNullable(digits == null ? null : index.callRate(digits, direction));
        }
        return Optional.ofNullable(best(deck, List.of(number), direction, CALL_RATE_COLUMNS, CALL_RATE).get(number));
    }

    /**
     * {@link io.batchworks.plugins.rates.api.RateLookup#rates}: the rate of each number, as it prices a call: from the
     * deck's index when the deck's version, read now, is the index's; else from the database in batches of numbers.
     */
    Map<String, CallRate> callRates(String deck, Collection<String> numbers, String direction) {
        Map<String, CallRate> found = new HashMap<>();
        DeckIndex index = index(deck, direction, true);
        if (index != null) {
            for (String number : numbers) {
                String digits = digits(number);
                CallRate rate = digits == null ? null : index.callRate(digits, direction);
                if (rate != null) {
                    found.put(number, rate);
                }
            }
            return found;
        }
        List<String> batch = new ArrayList<>();
        for (String number : numbers) {
            batch.add(number);
            if (batch.size() == 200) {
                found.putAll(best(deck, batch, direction, CALL_RATE_COLUMNS, CALL_RATE));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            found.putAll(best(deck, batch, direction, CALL_RATE_COLUMNS, CALL_RATE));
        }
        return found;
    }

    /**
     * The rate of a number with all its columns, for the lookup route: which rate from the deck's index when it is
     * current, its columns by its id (kept with the index once read); else, or when that rate was deleted since, by
     * the database's query.
     */
    Optional<Map<String, Object>> lookup(String deck, String digits, String direction) {
        DeckIndex index = index(deck, direction, false);
        if (index != null) {
            long id = index.rateId(digits, direction);
            if (id < 0) {
                return Optional.empty();
            }
            Map<String, Object> row = index.row(id, rateId -> {
                List<Map<String, Object>> found = jdbc.query("SELECT " + ALL_COLUMNS + " FROM rates WHERE id = ?", new ColumnMapRowMapper(), rateId);
                return found.isEmpty() ? null : lowerCaseKeys(found.get(0));
            });
            if (row != null) {
                return Optional.of(row);
            }
        }
        return Optional.ofNullable(best(deck, List.of(digits), direction, ALL_COLUMNS, new ColumnMapRowMapper()).get(digits));
    }

    /**
     * A kept row with its column names in lower case in a plain map: read at every lookup, where the case-insensitive
     * map of a JDBC row lower-cased each name asked for (HSQLDB names columns in upper case).
     */
    private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
        Map<String, Object> plain = new HashMap<>(row.size() * 2);
        row.forEach((column, value) -> plain.put(column.toLowerCase(Locale.ROOT), value));
        return plain;
    }

    private static final String ALL_COLUMNS = "id, " + String.join(", ", RateStore.COLUMNS);
    private static final String CALL_RATE_COLUMNS =
            "id, ratedeck_id, prefix, rate_cost, rate_surcharge, rate_increment, rate_minimum, rate_nocharge_time";
    private static final RowMapper<CallRate> CALL_RATE = (rs, n) -> new CallRate(rs.getString("id"), rs.getString("ratedeck_id"),
            rs.getString("prefix"), rs.getBigDecimal("rate_cost"), rs.getBigDecimal("rate_surcharge"),
            rs.getInt("rate_increment"), rs.getInt("rate_minimum"), rs.getInt("rate_nocharge_time"));

    /**
     * Kazoo's rule, the one place it is written: of the rates whose prefix starts a number (and whose direction is
     * the call's or none), the longest prefix, then the highest weight, then the lowest id. One query fetches every
     * candidate of the numbers, best first within a prefix; each number then takes its longest prefix that has one.
     *
     * @param columns the columns to fetch, {@code prefix} among them
     */
    private <T> Map<String, T> best(String deck, List<String> numbers, String direction, String columns, RowMapper<T> mapper) {
        Set<String> prefixes = new HashSet<>();
        for (String number : numbers) {
            String digits = digits(number);
            for (int len = 1; digits != null && len <= digits.length(); len++) {
                prefixes.add(digits.substring(0, len));
            }
        }
        Map<String, T> found = new HashMap<>();
        if (prefixes.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>();
        String candidates;
        if (database == Database.HSQLDB) {
            // HSQLDB would read prefix IN (...) by scanning the whole deck (it picks an index by equalities only):
            // the prefixes joined as an array find each one through the rates_identity index
            candidates = "SELECT " + columns + " FROM UNNEST(CAST(? AS VARCHAR(32) ARRAY)) AS wanted(p)"
                    + " JOIN rates ON rates.ratedeck_id = ? AND rates.prefix = wanted.p";
            args.add(prefixes.toArray(String[]::new));
            args.add(deck);
        } else {
            candidates = "SELECT " + columns + " FROM rates WHERE ratedeck_id = ? AND prefix IN ("
                    + String.join(", ", Collections.nCopies(prefixes.size(), "?")) + ")";
            args.add(deck);
            args.addAll(prefixes);
        }
        if (direction != null) {
            candidates += " AND (direction IS NULL OR direction = ?)";
            args.add(direction);
        }
        Map<String, T> byPrefix = new HashMap<>();
        jdbc.query(candidates + " ORDER BY weight DESC, id", rs -> {
            byPrefix.putIfAbsent(rs.getString("prefix"), mapper.mapRow(rs, 0));
        }, args.toArray());
        for (String number : numbers) {
            String digits = digits(number);
            for (int len = digits == null ? 0 : digits.length(); len > 0; len--) {
                T rate = byPrefix.get(digits.substring(0, len));
                if (rate != null) {
                    found.put(number, rate);
                    break;
                }
            }
        }
        return found;
    }

    /** The deck's index when it is current and keeps the direction apart; else null: ask the database. */
    private DeckIndex index(String deck, String direction, boolean exact) {
        return DeckIndex.answers(direction) ? indexes.current(deck, exact) : null;
    }

    /** A number's digits without its {@code +}; {@code null} when it is not digits. */
    private static String digits(String number) {
        String digits = number.startsWith("+") ? number.substring(1) : number;
        return RateRows.isDigits(digits) ? digits : null;
    }

    static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(String.valueOf(value));
    }

}
