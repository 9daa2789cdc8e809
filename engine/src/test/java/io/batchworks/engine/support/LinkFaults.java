package io.batchworks.engine.support;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.engine.support.CuttableProxy.AtTransactionEnd;

/**
 * The seeded faults that the flapping tests put on an engine's link to PostgreSQL (through a {@link CuttableProxy}
 * made with {@link CuttableProxy#failTransactionEnds} before the engine starts). The seed is
 * {@code -Dfaults.seed}, so a failing run can be repeated.
 */
public final class LinkFaults {

    public static final long SEED = Long.getLong("faults.seed", 20261206L);
    private static final int CUTS = 10;
    private static final int ENDS_FAILED = 10;

    private LinkFaults() {
    }

    /** A proxy to PostgreSQL that reads its protocol, passing everything until told otherwise. */
    public static CuttableProxy proxy() throws java.io.IOException {
        CuttableProxy proxy = new CuttableProxy(5432);
        proxy.failTransactionEnds((command, statements) -> AtTransactionEnd.PASS);
        return proxy;
    }

    /** Ten cuts of 0.2 to 3 s each, the link up 0.2 to 1 s between them; returns once it is up for good. */
    public static void flap(CuttableProxy proxy) throws InterruptedException {
        flapping(proxy).join();
    }

    /** The same cuts on a thread of their own, which the caller joins. */
    public static Thread flapping(CuttableProxy proxy) {
        return proxy.flap(SEED, CUTS, Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(1));
    }

    /**
     * From now on, about one transaction's end in eight (any of the engine's, drawn from the seed) fails its
     * connection, before the {@code COMMIT} or {@code ROLLBACK} reaches the database and after it was answered in turn,
     * ten in all.
     *
     * @return how many have failed so far
     */
    public static AtomicInteger failTransactionEnds(CuttableProxy proxy) {
        AtomicInteger failed = new AtomicInteger();
        Random random = new Random(SEED);
        proxy.failTransactionEnds((command, statements) -> {
            synchronized (random) {
                if (failed.get() >= ENDS_FAILED || random.nextInt(8) != 0) {
                    return AtTransactionEnd.PASS;
                }
                return failed.incrementAndGet() % 2 == 0 ? AtTransactionEnd.CUT_AFTER : AtTransactionEnd.CUT_BEFORE;
            }
        });
        return failed;
    }
}
