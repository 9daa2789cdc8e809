package io.batchworks.client.samples;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Call records for the reprocess plugin's {@code usage/import}: each call of a scope, at a time within the window,
 * to a number of one of the sample ratedeck's countries, inbound or outbound, lasting up to an hour, with a
 * {@code call_id} unique in the file. The same seed gives the same bytes. With {@code badEvery} K, every K-th row is
 * malformed in one of the {@link Bad} ways in turn.
 */
public final class SampleUsage {

    /** The ways a row is malformed, in the order they take turns. */
    public enum Bad {
        TIMESTAMP_NOT_ISO, NUMBER_LETTERS, BAD_DIRECTION, DURATION_NOT_WHOLE
    }

    public static final List<String> HEADER = List.of("scope_id", "timestamp", "number", "direction", "duration_s", "call_id");

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final String[] CODES = {"1", "44", "49", "33", "39", "34", "31", "46", "47", "48", "61", "81", "86", "91",
            "55", "52", "7", "380", "353", "358"};

    /**
     * @param rows     how many calls
     * @param seed     the same seed gives the same file
     * @param badEvery every this-many-th row is malformed (0: none)
     * @param scopes   the scope (account) ids the calls are spread over
     * @param from     the window's start
     * @param hours    the window's length
     */
    public record Options(long rows, long seed, int badEvery, List<String> scopes, Instant from, int hours) {

        public Options {
            if (rows < 0 || badEvery < 0 || hours < 1 || scopes.isEmpty()) {
                throw new IllegalArgumentException("rows and bad-every must not be negative, hours must be positive,"
                        + " and there must be a scope");
            }
            scopes = List.copyOf(scopes);
        }
    }

    private SampleUsage() {
    }

    public static void write(Options options, Appendable out) throws IOException {
        SampleRatedeck.line(HEADER, out);
        Random random = new Random(options.seed());
        long window = options.hours() * 3600L;
        List<String> row = new ArrayList<>(HEADER.size());
        for (long n = 1; n <= options.rows(); n++) {
            row.clear();
            row.add(options.scopes().get(random.nextInt(options.scopes().size())));
            row.add(ISO.format(options.from().plusSeconds((long) (random.nextDouble() * window))));
            row.add("+" + CODES[random.nextInt(CODES.length)] + (100_000_000L + (random.nextLong() & Long.MAX_VALUE) % 900_000_000L));
            row.add(SampleRatedeck.pick(random, "inbound", "outbound"));
            row.add(Integer.toString(random.nextInt(3601)));
            row.add("call-" + n);
            if (options.badEvery() > 0 && n % options.badEvery() == 0) {
                switch (Bad.values()[(int) ((n / options.badEvery()) % Bad.values().length)]) {
                    case TIMESTAMP_NOT_ISO -> row.set(1, "yesterday");
                    case NUMBER_LETTERS -> row.set(2, "+44abc");
                    case BAD_DIRECTION -> row.set(3, "sideways");
                    case DURATION_NOT_WHOLE -> row.set(4, "1.5");
                }
            }
            SampleRatedeck.line(row, out);
        }
    }
}
