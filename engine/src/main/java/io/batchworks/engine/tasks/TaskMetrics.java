package io.batchworks.engine.tasks;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The tasks' meters, tagged by the task type's category and action: tasks created, runs finished (and their duration)
 * by the status they ended in, rows written and failed. In Prometheus: {@code batchworks_tasks_creations_total} (Prometheus keeps the suffix {@code _created} for itself),
 * {@code batchworks_tasks_finished_total}, {@code batchworks_tasks_duration_seconds}, {@code batchworks_tasks_rows_total};
 * and the queue: {@code batchworks_tasks_wait_seconds} (how long started tasks waited for a slot) and
 * {@code batchworks_tasks_waiting} (tasks waiting now, by account).
 */
@Component
public class TaskMetrics {

    private final MeterRegistry registry;
    private final MultiGauge waiting;

    TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.waiting = MultiGauge.builder("batchworks.tasks.waiting").description("started tasks waiting for a slot, by account")
                .register(registry);
    }

    void created(Task task) {
        Counter.builder("batchworks.tasks.creations").description("tasks created")
                .tags("category", task.category(), "action", task.action()).register(registry).increment();
    }

    /** Rows a chunk committed: written and failed. */
    void rows(Task task, long written, long failed) {
        if (written > 0) {
            rowCounter(task, "written").increment(written);
        }
        if (failed > 0) {
            rowCounter(task, "failed").increment(failed);
        }
    }

    /** A run ended, after {@code took}. */
    void finished(Task task, TaskStatus status, Duration took) {
        String[] tags = {"category", task.category(), "action", task.action(), "status", status.wire()};
        Counter.builder("batchworks.tasks.finished").description("task runs ended, by how").tags(tags).register(registry).increment();
        Timer.builder("batchworks.tasks.duration").description("how long task runs took").tags(tags).register(registry).record(took);
    }

    /** A task waited {@code took} in its account's queue before a slot took it. */
    void waited(Task task, Duration took) {
        Timer.builder("batchworks.tasks.wait").description("how long started tasks waited for a slot")
                .tags("category", task.category(), "action", task.action()).register(registry).record(took);
    }

    /** The tasks waiting for a slot, by account, as the database shows them (the same on every node). */
    void waiting(Map<String, Long> byAccount) {
        waiting.register(byAccount.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("account_id", e.getKey()), e.getValue())).toList(), true);
    }

    private Counter rowCounter(Task task, String outcome) {
        return Counter.builder("batchworks.tasks.rows").description("rows of tasks committed, by outcome")
                .tags("category", task.category(), "action", task.action(), "outcome", outcome).register(registry);
    }
}
