package io.batchworks.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The engine's own timers: each a single daemon thread of its own name, so a stop never waits on one. */
public final class Timers {

    private Timers() {
    }

    /** A timer on one daemon thread named {@code threadName}; its owner shuts it down when it stops. */
    public static ScheduledExecutorService daemon(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }
}
