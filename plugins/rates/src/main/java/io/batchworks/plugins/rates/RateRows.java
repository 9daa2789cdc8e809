package io.batchworks.plugins.rates;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugins.rates.api.RateLookup;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An import row to a {@link Rate}, with Kazoo's defaults: rate name, routes and weight derived from the prefix
 * and cost, direction both when absent, the task's account as {@code account_id}.
 */
final class RateRows implements RowHandler<Rate> {

    static final String DEFAULT_RATEDECK = RateLookup.DEFAULT_RATEDECK;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Rate handle(Row row, TaskInfo task) throws RowRejectedException {
        Fields f = new Fields(row);
        String prefix = f.digits("prefix", true);
        BigDecimal cost = f.amount("rate_cost", true);
        BigDecimal internalCost = f.amount("internal_rate_cost", false);
        BigDecimal surcharge = f.amount("rate_surcharge", false);
        Integer increment = f.count("rate_increment");
        Integer minimum = f.count("rate_minimum");
        Integer nocharge = f.count("rate_nocharge_time");
        Integer weight = f.integer("weight");
        String direction = f.direction();
        f.rejectIfBad();

        String iso = orEmpty(row.get("iso_country_code"));
        String name = row.get("rate_name");
        if (name == null) {
            name = defaultName(direction, iso, prefix);
        }
        return new Rate(ratedeck(row, task), prefix, iso, orEmpty(row.get("rate_suffix")), task.accountId(),
                name, row.get("description"), direction, cost, internalCost,
                surcharge == null ? BigDecimal.ZERO : surcharge,
                increment == null ? 60 : increment, minimum == null ? 60 : minimum, nocharge == null ? 0 : nocharge,
                row.get("rate_version"), row.get("carrier"),
                weight == null ? defaultWeight(prefix, internalCost, cost) : clamp(weight),
                routes(row.get("routes"), prefix), callerIdNumbers(row.get("caller_id_numbers")));
    }

    /** The rate a row writes, as far as its cells tell (the task's deck is the same for every row without one). */
    static String identity(Row row) {
        return String.join("\u0000", orEmpty(row.get("ratedeck_id")), orEmpty(row.get("prefix")), orEmpty(row.get("iso_country_code")),
                orEmpty(row.get("rate_suffix")));
    }

    /** The deck a row belongs to: its own {@code ratedeck_id} cell, else the task's parameter, else the default. */
    static String ratedeck(Row row, TaskInfo task) {
        String deck = row.get("ratedeck_id");
        return deck != null ? deck : task.param("ratedeck_id", DEFAULT_RATEDECK);
    }

    static String defaultName(String direction, String iso, String prefix) {
        String directions = direction == null ? "inbound_outbound" : direction;
        return iso.isEmpty() ? directions + "_" + prefix : directions + "_" + iso + "_" + prefix;
    }

    /** Kazoo: longer prefixes and cheaper rates weigh more; 1..100. */
    static int defaultWeight(String prefix, BigDecimal internalCost, BigDecimal cost) {
        BigDecimal basis = internalCost != null && internalCost.signum() != 0 ? internalCost : cost;
        long cents = basis.movePointRight(2).longValue();
        return clamp(prefix.length() * 10L - cents);
    }

    private static int clamp(long weight) {
        return (int) Math.max(1, Math.min(100, weight));
    }

    /** Absent: the prefix's own route. A JSON array string: kept. A plain string: a one-element list. */
    static String routes(String value, String prefix) {
        if (value == null) {
            return defaultRoutes(prefix);
        }
        if (value.startsWith("[")) {
            List<String> parsed = jsonArray(value);
            return parsed == null ? defaultRoutes(prefix) : json(parsed);
        }
        return json(List.of(value));
    }

    /** {@code 441:442} becomes {@code ["^\\+?441.+$","^\\+?442.+$"]}; a JSON array (as exported) is kept. */
    static String callerIdNumbers(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("[")) {
            List<String> parsed = jsonArray(value);
            if (parsed != null) {
                return json(parsed);
            }
        }
        List<String> patterns = new ArrayList<>();
        for (String number : value.split(":")) {
            if (!number.isBlank()) {
                patterns.add(prefixPattern(number.strip()));
            }
        }
        return json(patterns);
    }

    /** {@code ["^\\+?PREFIX.+$"]}, written out: a prefix is digits, so nothing in it needs escaping. */
    private static String defaultRoutes(String prefix) {
        return prefix != null && isDigits(prefix)
                ? "[\"^\\\\+?" + prefix + ".+$\"]"
                : json(List.of(prefixPattern(prefix)));
    }

    private static String prefixPattern(String prefix) {
        return "^\\+?" + prefix + ".+$";
    }

    private static List<String> jsonArray(String value) {
        try {
            String[] items = JSON.readValue(value, String[].class);
            return List.of(items);
        } catch (JacksonException | NullPointerException e) {
            return null;
        }
    }

    private static String json(List<String> values) {
        return JSON.writeValueAsString(values);
    }

    static boolean isDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !value.isEmpty();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Parses the row's typed cells, collecting every bad field so the reason names them all. */
    static final class Fields {
        private final Row row;
        private final List<String> missing = new ArrayList<>();
        private final List<String> bad = new ArrayList<>();

        Fields(Row row) {
            this.row = row;
        }

        String digits(String column, boolean required) {
            String value = present(column, required);
            if (value != null && !isDigits(value)) {
                bad.add(column);
                return null;
            }
            return value;
        }

        BigDecimal amount(String column, boolean required) {
            String value = present(column, required);
            if (value == null) {
                return null;
            }
            try {
                BigDecimal amount = new BigDecimal(value);
                if (amount.signum() >= 0) {
                    return amount;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            bad.add(column);
            return null;
        }

        Integer count(String column) {
            Integer value = integer(column);
            if (value != null && value < 0) {
                bad.add(column);
                return null;
            }
            return value;
        }

        Integer integer(String column) {
            String value = row.get(column);
            if (value == null) {
                return null;
            }
            try {
                return isDigits(value) && value.length() < 10 ? Integer.parseInt(value) : new BigDecimal(value).intValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                bad.add(column);
                return null;
            }
        }

        /** {@code inbound}, {@code outbound}, or both ({@code null}): absent, {@code both}, or the two joined by : or ,. */
        String direction() {
            String value = row.get("direction");
            if (value == null) {
                return null;
            }
            switch (value) {
                case "inbound", "outbound":
                    return value;
                case "both":
                    return null;
                default:
                    break;
            }
            boolean in = false;
            boolean out = false;
            for (String part : value.toLowerCase(java.util.Locale.ROOT).split("[:,]")) {
                switch (part.strip()) {
                    case "inbound" -> in = true;
                    case "outbound" -> out = true;
                    case "both" -> { in = true; out = true; }
                    default -> { bad.add("direction"); return null; }
                }
            }
            return in && out ? null : in ? "inbound" : "outbound";
        }

        private String present(String column, boolean required) {
            String value = row.get(column);
            if (value == null && required) {
                missing.add(column);
            }
            return value;
        }

        void rejectIfBad() throws RowRejectedException {
            List<String> reasons = new ArrayList<>();
            if (!missing.isEmpty()) {
                reasons.add("missing mandatory value(s) " + String.join(" ", missing));
            }
            if (!bad.isEmpty()) {
                reasons.add("bad field(s) " + String.join(" ", bad));
            }
            if (!reasons.isEmpty()) {
                throw new RowRejectedException(String.join("; ", reasons));
            }
        }
    }
}
