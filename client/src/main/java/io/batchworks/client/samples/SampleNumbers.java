package io.batchworks.client.samples;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Numbers for the numbers plugin's {@code numbers/add}: North American numbers in E.164, each once, in an order
 * drawn from the seed (a permutation of a block of numbers, so no memory grows with the count). The same seed gives
 * the same bytes. With {@code badEvery} K, every K-th row is malformed in one of the {@link Bad} ways in turn.
 */
public final class SampleNumbers {

    /** The ways a row is malformed, in the order they take turns. */
    public enum Bad {
        LETTERS, TOO_SHORT
    }

    public static final List<String> HEADER = List.of("number");
    /** Numbers +1 415 200 0000 and up: the block a permutation runs over. */
    private static final long FIRST = 14_152_000_000L;
    private static final long BLOCK = 1L << 30;

    /**
     * @param rows     how many numbers, at most 2^30
     * @param seed     the same seed gives the same file
     * @param badEvery every this-many-th row is malformed (0: none)
     */
    public record Options(long rows, long seed, int badEvery) {

        public Options {
            if (rows < 0 || rows > BLOCK || badEvery < 0) {
                throw new IllegalArgumentException("rows must be from 0 to " + BLOCK + ", bad-every not negative");
            }
        }
    }

    private SampleNumbers() {
    }

    public static void write(Options options, Appendable out) throws IOException {
        SampleRatedeck.line(HEADER, out);
        Random random = new Random(options.seed());
        // i -> (a * i + c) mod 2^30 is a permutation of the block when a is odd and a % 4 == 1 (and c odd)
        long a = (random.nextLong() & (BLOCK - 1)) | 1 | 4;
        a = a - (a % 4) + 1;
        long c = (random.nextLong() & (BLOCK - 1)) | 1;
        for (long n = 1; n <= options.rows(); n++) {
            String number = "+" + (FIRST + ((a * n + c) & (BLOCK - 1)));
            if (options.badEvery() > 0 && n % options.badEvery() == 0) {
                number = switch (Bad.values()[(int) ((n / options.badEvery()) % Bad.values().length)]) {
                    case LETTERS -> "+1415CALLME";
                    case TOO_SHORT -> "12345";
                };
            }
            SampleRatedeck.line(List.of(number), out);
        }
    }
}
