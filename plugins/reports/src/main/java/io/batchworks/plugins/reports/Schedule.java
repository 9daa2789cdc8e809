package io.batchworks.plugins.reports;

/**
 * A report's slots: every {@code frequency} microseconds, shifted by {@code shift}, on the epoch. The next
 * transmission after {@code now} is {@code floor((now - shift) / frequency) * frequency + frequency + shift}.
 */
record Schedule(long frequency, long shift) {

    /** The first slot after {@code now}. */
    long next(long now) {
        return latest(now) + frequency;
    }

    /** The last slot at or before {@code now}. */
    long latest(long now) {
        return Math.floorDiv(now - shift, frequency) * frequency + shift;
    }

    static long nowUs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
