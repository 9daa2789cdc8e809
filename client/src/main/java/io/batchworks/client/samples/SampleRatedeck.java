package io.batchworks.client.samples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A ratedeck in the rates task's columns, as realistic as it is cheap: twenty countries, prefixes of 3 to 10 digits,
 * costs, increments and directions drawn from a seeded {@link Random}, so the same seed gives the same bytes. Every
 * (prefix, iso_country_code) is unique, so {@code rows} rows import as {@code rows} rates; the check costs at most
 * one bit per possible prefix (25 MB), whatever the number of rows. With {@code badEvery} K, every K-th row is
 * malformed in one of the {@link Bad} ways in turn, and an import must reject exactly those rows.
 */
public final class SampleRatedeck {

    /** The ways a row is malformed, in the order they take turns. */
    public enum Bad {
        MISSING_PREFIX, COST_NOT_NUMBER, NEGATIVE_COST, BAD_DIRECTION, PREFIX_LETTERS
    }

    public static final List<String> HEADER = List.of("prefix", "rate_cost", "rate_name", "iso_country_code", "direction",
            "rate_increment", "rate_minimum", "rate_nocharge_time", "rate_surcharge", "description");

    private static final String[][] COUNTRIES = {{"1", "US"}, {"44", "GB"}, {"49", "DE"}, {"33", "FR"}, {"39", "IT"},
            {"34", "ES"}, {"31", "NL"}, {"46", "SE"}, {"47", "NO"}, {"48", "PL"}, {"61", "AU"}, {"81", "JP"}, {"86", "CN"},
            {"91", "IN"}, {"55", "BR"}, {"52", "MX"}, {"7", "RU"}, {"380", "UA"}, {"353", "IE"}, {"358", "FI"}};
    /** Prefixes after the country code are numbers below this: 1 to 7 digits. */
    private static final int SUFFIXES = 10_000_000;
    private static final String[] DIRECTIONS = {"", "inbound", "outbound"};

    /**
     * @param rows     how many data rows
     * @param seed     the same seed gives the same file
     * @param badEvery every this-many-th row is malformed (0: none)
     * @param ratedeck a {@code ratedeck_id} column with this value, or {@code null} for none
     */
    public record Options(long rows, long seed, int badEvery, String ratedeck) {

        public Options {
            if (rows < 0 || rows > (long) SUFFIXES * COUNTRIES.length / 2) {
                throw new IllegalArgumentException("rows must be from 0 to " + (long) SUFFIXES * COUNTRIES.length / 2);
            }
            if (badEvery < 0) {
                throw new IllegalArgumentException("bad-every must not be negative");
            }
        }
    }

    private SampleRatedeck() {
    }

    /** Writes the header and the rows as CSV lines. */
    public static void write(Options options, Appendable out) throws IOException {
        List<String> header = new ArrayList<>(HEADER);
        if (options.ratedeck() != null) {
            header.add("ratedeck_id");
        }
        line(header, out);
        Random random = new Random(options.seed());
        BitSet[] taken = new BitSet[COUNTRIES.length];
        List<String> row = new ArrayList<>(header.size());
        for (long n = 1; n <= options.rows(); n++) {
            int country = random.nextInt(COUNTRIES.length);
            int suffix = random.nextInt((int) Math.pow(10, 1 + random.nextInt(7)));
            BitSet seen = taken[country] == null ? taken[country] = new BitSet() : taken[country];
            while (seen.get(suffix)) {
                suffix = random.nextInt(SUFFIXES);
            }
            seen.set(suffix);
            String iso = COUNTRIES[country][1];
            String prefix = COUNTRIES[country][0] + suffix;
            row.clear();
            row.add(prefix);
            row.add(String.format(Locale.ROOT, "%.4f", 0.001 + random.nextDouble() * 0.899));
            row.add(iso + " " + prefix);
            row.add(iso);
            row.add(DIRECTIONS[random.nextInt(DIRECTIONS.length)]);
            row.add(pick(random, "1", "6", "30", "60"));
            row.add(pick(random, "0", "30", "60"));
            row.add(pick(random, "0", "0", "3"));
            row.add(pick(random, "0", "0.01"));
            row.add("\"Rate for " + iso + ", prefix " + prefix + "\"");
            if (options.badEvery() > 0 && n % options.badEvery() == 0) {
                spoil(row, Bad.values()[(int) ((n / options.badEvery()) % Bad.values().length)]);
            }
            if (options.ratedeck() != null) {
                row.add(options.ratedeck());
            }
            line(row, out);
        }
    }

    private static void spoil(List<String> row, Bad how) {
        switch (how) {
            case MISSING_PREFIX -> row.set(0, "");
            case COST_NOT_NUMBER -> row.set(1, "abc");
            case NEGATIVE_COST -> row.set(1, "-0.5");
            case BAD_DIRECTION -> row.set(4, "sideways");
            case PREFIX_LETTERS -> row.set(0, row.get(0).substring(0, Math.min(2, row.get(0).length())) + "x9");
        }
    }

    static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /**
     * One CSV line. No cell holds a comma, a quote or a line break except the description, which is written quoted
     * where it is made (it never holds a quote), so the cells are joined as they are.
     */
    static void line(List<String> cells, Appendable out) throws IOException {
        out.append(String.join(",", cells)).append('\n');
    }
}
