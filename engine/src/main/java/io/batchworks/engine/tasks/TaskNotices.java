package io.batchworks.engine.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.engine.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * The {@code task} events webhooks tell of, each recorded in the transaction of the move it tells of: a task
 * {@code started} (a start, a restart, a resume), {@code ended} ({@code success}, {@code partial}, {@code failure}, or
 * {@code internal_error} that nothing will resume) or was {@code stopped}; each with its status and counts.
 */
@Component
class TaskNotices {

    private final Outbox outbox;
    private final TaskStore tasks;

    TaskNotices(Outbox outbox, TaskStore tasks) {
        this.outbox = outbox;
        this.tasks = tasks;
    }

    void started(String taskId) {
        tasks.find(taskId).ifPresent(t -> record("started", t, null));
    }

    /** The task's end, as it now stands; nothing while a fault's end waits for recovery to resume it. */
    void ended(String taskId, String reason) {
        tasks.find(taskId).filter(t -> !(t.status() == TaskStatus.INTERNAL_ERROR && t.retryAt() != null))
                .ifPresent(t -> record(t.status() == TaskStatus.STOPPED ? "stopped" : "ended", t, reason));
    }

    private void record(String event, Task t, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("task_id", t.id());
        fields.put("category", t.category());
        fields.put("action", t.action());
        fields.put("status", t.status().wire());
        fields.put("success_count", t.successCount());
        fields.put("failure_count", t.failureCount());
        if (t.totalCount() != null) {
            fields.put("total_count", t.totalCount());
        }
        if (t.node() != null) {
            fields.put("node", t.node());
        }
        if (t.scheduleId() != null) {
            fields.put("schedule_id", t.scheduleId());
        }
        if (reason != null) {
            fields.put("reason", reason);
        }
        outbox.record(Outbox.Hook.TASK, t.accountId(), t.id(), fields);
    }
}
