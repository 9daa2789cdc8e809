package io.batchworks.plugins.rates;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import io.batchworks.plugins.rates.api.CallRate;

/**
 * One ratedeck's rates in memory, as the longest-prefix rule reads them: the distinct prefixes, sorted, each with its
 * best rate for a call of any direction, of an inbound and of an outbound call (Kazoo's order: highest weight, then
 * lowest id), and those rates' pricing fields in parallel arrays, about 60 bytes a rate and no object per rate. The
 * whole rows of the rates the lookup route answered with are kept beside, up to 5,000 (a few MB).
 * The index does not change once built; {@link Builder} takes the deck's rows in any order.
 */
final class DeckIndex {

    /** Longer prefixes are not indexed: a deck holding one is looked up in the database (see {@link Builder#add}). */
    static final int MAX_PREFIX_DIGITS = 17;
    private static final int SCALE = 6; // the rates table's NUMERIC(20, 6)
    private static final int ANY = 0;
    private static final int INBOUND = 1;
    private static final int OUTBOUND = 2;
    private static final int DIRECTIONS = 3;
    private static final long LENGTH_BITS = 31;
    private static final int ROWS_KEPT = 5_000;

    private final String deck;
    private final long version;
    private final long[] prefixes; // encoded, sorted
    private final int[] best; // DIRECTIONS slots per prefix: a row, or -1
    private final long[] ids;
    private final long[] costs;
    private final long[] surcharges;
    private final int[] increments;
    private final int[] minimums;
    private final int[] noChargeTimes;
    /** Whole rows the lookup route answered with: unchanged while the index is current, dropped with it. */
    private final Map<Long, Map<String, Object>> rows = new ConcurrentHashMap<>();

    private DeckIndex(String deck, long version, long[] prefixes, int[] best, Builder rows) {
        this.deck = deck;
        this.version = version;
        this.prefixes = prefixes;
        this.best = best;
        this.ids = fit(rows.ids, rows.size);
        this.costs = fit(rows.costs, rows.size);
        this.surcharges = fit(rows.surcharges, rows.size);
        this.increments = fit(rows.increments, rows.size);
        this.minimums = fit(rows.minimums, rows.size);
        this.noChargeTimes = fit(rows.noChargeTimes, rows.size);
    }

    /** The array itself when the builder sized it right (it is sized by the deck's count), else a copy cut to size. */
    private static long[] fit(long[] values, int size) {
        return values.length == size ? values : Arrays.copyOf(values, size);
    }

    private static int[] fit(int[] values, int size) {
        return values.length == size ? values : Arrays.copyOf(values, size);
    }

    /** The deck version the index reflects. */
    long version() {
        return version;
    }

    int rates() {
        return ids.length;
    }

    int prefixCount() {
        return prefixes.length;
    }

    /** What the index holds on the heap, roughly. */
    long bytes() {
        return prefixes.length * (8L + 4L * DIRECTIONS) + ids.length * (8L * 3 + 4L * 3);
    }

    /**
     * The id of the rate of a number, by the rule {@link RateStore} states: the longest prefix of its digits with a
     * rate for the direction, then the highest weight, then the lowest id; {@code -1} when none matches.
     *
     * @param digits    the number's digits
     * @param direction {@code inbound}, {@code outbound} or {@code null} for any ({@link #answers})
     */
    long rateId(String digits, String direction) {
        int slot = slot(direction);
        int at = prefixAt(digits, slot);
        return at < 0 ? -1 : ids[best[at * DIRECTIONS + slot]];
    }

    /**
     * A rate's whole row, from those kept since the index was built, else from {@code load} (and kept, up to
     * {@value #ROWS_KEPT}; then the kept ones are dropped and kept again as asked for). {@code null} when gone.
     */
    Map<String, Object> row(long id, LongFunction<Map<String, Object>> load) {
        Map<String, Object> row = rows.get(id);
        if (row == null) {
            row = load.apply(id);
            if (row != null) {
                if (rows.size() >= ROWS_KEPT) {
                    rows.clear();
                }
                rows.put(id, Collections.unmodifiableMap(row));
            }
        }
        return row;
    }

    /** The number's rate as it prices a call, or {@code null}. */
    CallRate callRate(String digits, String direction) {
        int slot = slot(direction);
        int at = prefixAt(digits, slot);
        if (at < 0) {
            return null;
        }
        int row = best[at * DIRECTIONS + slot];
        int prefixLength = (int) (prefixes[at] & LENGTH_BITS);
        return new CallRate(String.valueOf(ids[row]), deck, digits.substring(0, prefixLength),
                BigDecimal.valueOf(costs[row], SCALE), BigDecimal.valueOf(surcharges[row], SCALE),
                increments[row], minimums[row], noChargeTimes[row]);
    }

    /** False for a direction the index does not keep apart (not inbound or outbound): ask the database. */
    static boolean answers(String direction) {
        return direction == null || direction.equals("inbound") || direction.equals("outbound");
    }

    /** The position of the longest prefix of {@code digits} with a rate in {@code slot}, or -1. */
    private int prefixAt(String digits, int slot) {
        long value = 0;
        int longest = Math.min(digits.length(), MAX_PREFIX_DIGITS);
        long[] keys = new long[longest];
        for (int len = 1; len <= longest; len++) {
            value = value * 10 + (digits.charAt(len - 1) - '0');
            keys[len - 1] = key(value, len);
        }
        for (int len = longest; len >= 1; len--) {
            int at = Arrays.binarySearch(prefixes, keys[len - 1]);
            if (at >= 0 && best[at * DIRECTIONS + slot] >= 0) {
                return at;
            }
        }
        return -1;
    }

    private static int slot(String direction) {
        if (direction == null) {
            return ANY;
        }
        return direction.equals("inbound") ? INBOUND : OUTBOUND;
    }

    /** A prefix as one long: its value and its length, so that {@code 1} and {@code 01} differ. */
    private static long key(long value, int length) {
        return value << 5 | length; // 17 digits shifted by 5 bits still fit in a long
    }

    /**
     * Collects a deck's rows, then sorts them into an index. Holds about 70 bytes a row while it builds; {@link #add}
     * refuses a row the index cannot hold exactly, and the caller then keeps the deck in the database.
     */
    static final class Builder {
        private long[] ids;
        private long[] costs;
        private long[] surcharges;
        private int[] increments;
        private int[] minimums;
        private int[] noChargeTimes;
        private int[] weights;
        private long[] keys;
        private byte[] directions;
        private int size;

        Builder(int expectedRows) {
            int capacity = Math.max(16, expectedRows);
            ids = new long[capacity];
            costs = new long[capacity];
            surcharges = new long[capacity];
            increments = new int[capacity];
            minimums = new int[capacity];
            noChargeTimes = new int[capacity];
            weights = new int[capacity];
            keys = new long[capacity];
            directions = new byte[capacity];
        }

        int size() {
            return size;
        }

        /**
         * @return false when the row cannot be held exactly (a prefix of more than {@value #MAX_PREFIX_DIGITS} digits
         *         or not digits, a direction other than inbound or outbound, an amount beyond a long at six decimals)
         */
        boolean add(long id, String prefix, String direction, int weight, BigDecimal cost, BigDecimal surcharge,
                    int increment, int minimum, int noChargeTime) {
            if (prefix.isEmpty() || prefix.length() > MAX_PREFIX_DIGITS || !RateRows.isDigits(prefix) || !answers(direction)) {
                return false;
            }
            Long unscaledCost = unscaled(cost);
            Long unscaledSurcharge = unscaled(surcharge);
            if (unscaledCost == null || unscaledSurcharge == null) {
                return false;
            }
            if (size == ids.length) {
                grow();
            }
            ids[size] = id;
            costs[size] = unscaledCost;
            surcharges[size] = unscaledSurcharge;
            increments[size] = increment;
            minimums[size] = minimum;
            noChargeTimes[size] = noChargeTime;
            weights[size] = weight;
            keys[size] = key(Long.parseLong(prefix), prefix.length());
            directions[size] = (byte) (direction == null ? ANY : slot(direction));
            size++;
            return true;
        }

        /** The index of the rows added; it takes over the builder's arrays, so nothing is added after. */
        DeckIndex build(String deck, long version) {
            long[] sorted = Arrays.copyOf(keys, size);
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            long[] prefixes = Arrays.copyOf(sorted, distinct);
            int[] best = new int[distinct * DIRECTIONS];
            Arrays.fill(best, -1);
            for (int row = 0; row < size; row++) {
                int at = Arrays.binarySearch(prefixes, keys[row]);
                // a rate for both directions competes in every slot; one for a direction in its own and in ANY
                offer(best, at * DIRECTIONS + ANY, row);
                if (directions[row] != OUTBOUND) {
                    offer(best, at * DIRECTIONS + INBOUND, row);
                }
                if (directions[row] != INBOUND) {
                    offer(best, at * DIRECTIONS + OUTBOUND, row);
                }
            }
            return new DeckIndex(deck, version, prefixes, best, this);
        }

        private void offer(int[] best, int slot, int row) {
            int current = best[slot];
            if (current < 0 || weights[row] > weights[current] || weights[row] == weights[current] && ids[row] < ids[current]) {
                best[slot] = row;
            }
        }

        private void grow() {
            int capacity = ids.length * 2;
            ids = Arrays.copyOf(ids, capacity);
            costs = Arrays.copyOf(costs, capacity);
            surcharges = Arrays.copyOf(surcharges, capacity);
            increments = Arrays.copyOf(increments, capacity);
            minimums = Arrays.copyOf(minimums, capacity);
            noChargeTimes = Arrays.copyOf(noChargeTimes, capacity);
            weights = Arrays.copyOf(weights, capacity);
            keys = Arrays.copyOf(keys, capacity);
            directions = Arrays.copyOf(directions, capacity);
        }

        private static Long unscaled(BigDecimal amount) {
            try {
                return amount.setScale(SCALE).unscaledValue().longValueExact();
            } catch (ArithmeticException tooBigOrTooFine) {
                return null;
            }
        }
    }
}
