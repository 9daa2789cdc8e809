package io.batchworks.plugins.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.jobs.Jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the slots that fall due. {@link #dispatch} runs from a clustered Quartz trigger (one node at a time) and hands
 * each due report to a small pool, so a slow target delays no other report. A slot is sent by a job execution keyed
 * by (report, slot) with three steps, fetch → render → transmit: a key that completed never runs again, on any node,
 * so a slot goes out at most once, even across restarts.
 *
 * <p>When several slots are due (every node was down, or retries of a failing one ran past the next), the newest is
 * sent and the older ones are skipped and counted. A failed slot is retried with back-off (1 s, doubling, at most the
 * report's frequency and 5 minutes) until it succeeds or a newer slot overtakes it.
 */
final class Transmissions {

    static final String JOB = "reports.transmit";
    private static final Logger log = LoggerFactory.getLogger(Transmissions.class);
    private static final long MAX_BACKOFF_US = 300_000_000L;

    private final PluginContext context;
    private final ReportStore store;
    private final Programs programs;
    private final ExecutorService pool;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    Transmissions(PluginContext context, ReportStore store, Programs programs) {
        this.context = context;
        this.store = store;
        this.programs = programs;
        // the engine's threads for this plugin: stopped when the plugin is replaced, removed or shut down
        this.pool = context.executor("transmit", context.setting("reports.threads", Integer.class, 4));
    }

    /** Hands every report with a slot due to the pool (once: a report already in hand is left alone). */
    void dispatch() {
        for (long serial : store.due(Schedule.nowUs())) {
            if (inFlight.add(serial)) {
                pool.execute(() -> {
                    try {
                        transmit(serial);
                    } catch (RuntimeException e) {
                        log.error("Report {}: transmission failed", serial, e);
                    } finally {
                        inFlight.remove(serial);
                    }
                });
            }
        }
    }

    /** Sends the report's due slot, unless it was sent meanwhile. */
    void transmit(long serial) {
        Report report = store.find(serial).orElse(null);
        long now = Schedule.nowUs();
        if (report == null || report.nextSlotUs() > now || (report.retryAtUs() != null && report.retryAtUs() > now)) {
            return;
        }
        Schedule schedule = report.spec().schedule();
        long slot = Math.max(report.nextSlotUs(), schedule.latest(now));
        long skipped = (slot - report.nextSlotUs()) / schedule.frequency();
        Attempt attempt = new Attempt(report, slot);
        Jobs.Run run = context.jobs().runOnce(JOB, Map.of("report", Long.toString(serial), "slot", Long.toString(slot)), attempt.steps());
        attempt.cleanUp();
        switch (run.outcome()) {
            case COMPLETED -> store.advanced(report, slot + schedule.frequency(), skipped, true);
            case ALREADY_COMPLETED -> store.advanced(report, slot + schedule.frequency(), skipped, false);
            case ALREADY_RUNNING -> log.debug("Report {} slot {} is being sent elsewhere", serial, slot);
            case FAILED -> {
                long backoff = Math.min(Math.min(MAX_BACKOFF_US, schedule.frequency()), 1_000_000L << Math.min(report.attempts(), 20));
                String detail = run.failure() == null ? "transmission failed" : run.failure();
                log.warn("Report {} slot {} not sent (attempt {}): {}", serial, slot / 1_000_000L, report.attempts() + 1, detail);
                store.failed(report, slot, skipped, now + backoff, attempt.errorCode, detail);
            }
        }
        if (skipped > 0) {
            log.info("Report {}: {} slot(s) skipped, sent the newest ({})", serial, skipped, slot / 1_000_000L);
        }
    }

    /** One try at one slot: its three steps and the file between them. */
    private final class Attempt {
        private final Report report;
        private final long slot;
        private Path body;
        private int errorCode = TalerErrors.REPORT_TRANSMISSION_FAILED;

        Attempt(Report report, long slot) {
            this.report = report;
            this.slot = slot;
        }

        List<Jobs.Step> steps() {
            ReportSpec spec = report.spec();
            return List.of(
                    new Jobs.Step("fetch", shared -> {
                        errorCode = TalerErrors.REPORT_DATA_SOURCE_FAILED;
                        body = Files.createTempFile("report-" + report.serial() + "-", ".body");
                        PluginContext.Fetched fetched = context.fetch(report.accountId(), spec.dataSource(), spec.mimeType(), body);
                        shared.put("status", Integer.toString(fetched.status()));
                        shared.put("content_type", fetched.contentType() == null ? "" : fetched.contentType());
                    }),
                    new Jobs.Step("render", shared -> {
                        int status = Integer.parseInt(shared.get("status"));
                        if (status / 100 != 2) {
                            String said = Programs.excerpt(body, 300, false);
                            throw new IllegalStateException("data source " + spec.dataSource() + " answered HTTP " + status
                                    + (said.isEmpty() ? "" : ": " + said));
                        }
                        String wanted = Programs.baseType(spec.mimeType());
                        String got = Programs.baseType(shared.get("content_type"));
                        if (!got.isEmpty() && !got.equals(wanted) && !wanted.equals("*/*")) {
                            throw new IllegalStateException("data source " + spec.dataSource() + " answered " + got + ", not " + wanted);
                        }
                    }),
                    new Jobs.Step("transmit", shared -> {
                        errorCode = TalerErrors.REPORT_TRANSMISSION_FAILED;
                        Program program = programs.find(spec.programSection()).orElseThrow(() -> new IllegalStateException(
                                "the report generator " + spec.programSection() + " is not configured"));
                        program.send(new Program.Delivery(report.serial(), slot, spec.description(), spec.mimeType(),
                                spec.targetAddress(), body));
                    }));
        }

        void cleanUp() {
            try {
                if (body != null) {
                    Files.deleteIfExists(body);
                }
            } catch (java.io.IOException e) {
                log.debug("Could not delete {}", body, e);
            }
        }
    }
}
