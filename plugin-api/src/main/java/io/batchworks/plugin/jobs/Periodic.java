package io.batchworks.plugin.jobs;

import java.time.Duration;
import java.util.Objects;

import io.batchworks.plugin.BatchworksPlugin;

/**
 * Work a plugin wants done periodically, declared by {@link BatchworksPlugin#periodic}. The engine fires it from
 * a clustered Quartz trigger kept in its database: every {@code interval}, on one engine node at a time, and the
 * schedule survives restarts. The work runs outside any request and must not assume which node runs it.
 *
 * @param name     unique within the plugin, e.g. {@code "job-recovery"}
 * @param interval time between two runs; the first run comes as soon as the work is first declared, and a run that
 *                 fell due while no engine was up comes when one starts
 */
public record Periodic(String name, Duration interval, Runnable work) {

    public Periodic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(work, "work");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, not " + interval);
        }
    }
}
