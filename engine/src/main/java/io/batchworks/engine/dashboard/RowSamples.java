package io.batchworks.engine.dashboard;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Timers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * This node's rows committed, sampled for the dashboard's rows per second across the engine: every
 * {@code batchworks.dashboard.sample-interval}, what the tasks' row meters ({@code batchworks.tasks.rows}) added since
 * the last sample goes into {@code bw_rows_sample} (a row per node and sample, so nodes never write the same row), and
 * samples older than a day go.
 */
@Component
class RowSamples implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RowSamples.class);
    static final Duration KEPT = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final String node;
    private final Duration every;
    private final ScheduledExecutorService timer = Timers.daemon("row-samples");
    private double counted;

    RowSamples(JdbcClient jdbc, MeterRegistry meters, EngineSettings settings) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.node = settings.node();
        this.every = settings.dashboard().sampleInterval();
    }

    @Override
    public void run(ApplicationArguments args) {
        timer.scheduleWithFixedDelay(this::sample, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void sample() {
        double total = meters.find("batchworks.tasks.rows").counters().stream().mapToDouble(Counter::count).sum();
        long rows = Math.round(total - counted);
        long now = System.currentTimeMillis();
        try {
            if (rows > 0) {
                jdbc.sql("INSERT INTO bw_rows_sample (node, sampled, rows_count) VALUES (?, ?, ?)").params(node, now, rows).update();
            }
            counted = total;
            jdbc.sql("DELETE FROM bw_rows_sample WHERE sampled < ?").param(now - KEPT.toMillis()).update();
        } catch (DataAccessException e) {
            log.debug("Rows not sampled now (the next sample counts them): {}", e.getMessage());
        }
    }
}
