package io.batchworks.engine.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.batchworks.engine.security.AccountCaller;
import io.batchworks.engine.tasks.TaskStatus.Move;
import io.batchworks.plugin.ApiException;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tasks that wait for others: {@code after=ID[,ID]} on a create, with {@code after_status} ({@code success},
 * {@code success_or_partial} (the default) or {@code any}), kept in {@code bw_task_wait} in the create's transaction. A
 * waiting task is {@code pending} and shows what it waits for in its view; it may not be started by hand, since
 * {@link WaitingTasks} starts it, or ends it {@code failure} without running, by itself.
 */
@Component
public class TaskWaits {

    /** The query parameters of a create that are not the task's own. */
    static final Set<String> NOT_PARAMS = Set.of("category", "action", "after", "after_status", "priority");
    private static final int MOST_AFTER = 100;

    /** The statuses a task waited for must have ended in. A task has ended when it is success, partial or failure. */
    enum AfterStatus {
        SUCCESS(EnumSet.of(TaskStatus.SUCCESS)),
        SUCCESS_OR_PARTIAL(EnumSet.of(TaskStatus.SUCCESS, TaskStatus.PARTIAL)),
        ANY(EnumSet.of(TaskStatus.SUCCESS, TaskStatus.PARTIAL, TaskStatus.FAILURE));

        /** The statuses a task ends in: stopped and internal_error may yet be restarted. */
        static final Set<TaskStatus> ENDED = ANY.matching;

        final Set<TaskStatus> matching;

        AfterStatus(Set<TaskStatus> matching) {
            this.matching = matching;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static AfterStatus of(String wire) {
            return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst().orElseThrow(() ->
                    ApiException.badRequest("after_status", "after_status must be one of success, success_or_partial, any"));
        }
    }

    /** What a new task waits for: nothing, for most. */
    record Wait(List<String> after, AfterStatus status) {
        static final Wait NONE = new Wait(List.of(), AfterStatus.SUCCESS_OR_PARTIAL);
    }

    /**
     * One task waited for, as {@code bw_task_wait} holds it.
     *
     * @param status the status it has now; {@code null} when it was deleted
     * @param reason why the waiting task ended without running, once it did
     */
    record Waited(String taskId, String afterId, AfterStatus afterStatus, String reason, TaskStatus status) {
    }

    private static final String WAITED = "SELECT w.task_id, w.after_id, w.after_status, w.reason, t.status"
            + " FROM bw_task_wait w LEFT JOIN bw_task t ON t.id = w.after_id";
    private static final RowMapper<Waited> MAPPER = (rs, n) -> new Waited(rs.getString(1), rs.getString(2),
            AfterStatus.of(rs.getString(3)), rs.getString(4), rs.getString(5) == null ? null : TaskStatus.of(rs.getString(5)));

    private final JdbcClient jdbc;
    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TaskQueue queue;
    private final TransactionTemplate together;

    TaskWaits(JdbcClient jdbc, TaskStore tasks, TaskLifecycle lifecycle, PlatformTransactionManager transactions, TaskQueue queue) {
        this.queue = queue;
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.together = new TransactionTemplate(transactions);
    }

    /** What a create asks its task to wait for: 404 naming {@code after} for a task the caller cannot see. */
    Wait parse(AccountCaller caller, String after, String afterStatus) {
        if (after == null || after.isBlank()) {
            if (afterStatus != null) {
                throw ApiException.badRequest("after_status", "after_status needs after, the tasks to wait for");
            }
            return Wait.NONE;
        }
        List<String> ids = Arrays.stream(after.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.size() > MOST_AFTER) {
            throw ApiException.badRequest("after", "after names at most " + MOST_AFTER + " tasks");
        }
        for (String id : ids) {
            tasks.find(id).filter(t -> caller.canAccess(t.accountId())).orElseThrow(() -> ApiException.notFound("after", id));
        }
        return new Wait(ids, afterStatus == null ? AfterStatus.SUCCESS_OR_PARTIAL : AfterStatus.of(afterStatus));
    }

    /** Creates the task (its input of {@code fileBytes}) and what it waits for, in one transaction. */
    void create(Task task, Wait wait, long fileBytes) {
        together.executeWithoutResult(t -> {
            lifecycle.create(task, fileBytes);
            for (String after : wait.after()) {
                jdbc.sql("INSERT INTO bw_task_wait (task_id, after_id, after_status) VALUES (?, ?, ?)")
                        .params(task.id(), after, wait.status().wire()).update();
            }
        });
    }

    /** What the task waits for, or waited for; empty for a task created without {@code after}. */
    List<Waited> of(String taskId) {
        return jdbc.sql(WAITED + " WHERE w.task_id = ? ORDER BY w.after_id").param(taskId).query(MAPPER).list();
    }

    /** The waits of every task still waiting (pending), by task. */
    Map<String, List<Waited>> pending() {
        Map<String, List<Waited>> byTask = new LinkedHashMap<>();
        jdbc.sql(WAITED + " JOIN bw_task waiting ON waiting.id = w.task_id WHERE waiting.status = ? AND waiting.queued IS NULL ORDER BY w.task_id, w.after_id")
                .param(TaskStatus.PENDING.wire()).query(MAPPER).list()
                .forEach(w -> byTask.computeIfAbsent(w.taskId(), k -> new ArrayList<>()).add(w));
        return byTask;
    }

    /** Keeps why a waiting task ended without running (in the transaction that ends it). */
    void keepReason(String taskId, String reason) {
        jdbc.sql("UPDATE bw_task_wait SET reason = ? WHERE task_id = ?").params(reason, taskId).update();
    }

    /** 409 for starting a task that waits: it starts by itself. */
    void requireNotWaiting(Task task) {
        if (task.status() == TaskStatus.PENDING) {
            List<String> after = of(task.id()).stream().map(Waited::afterId).toList();
            if (!after.isEmpty()) {
                throw Move.START.refusal(task, "it waits for " + String.join(", ", after) + " and starts by itself");
            }
        }
    }

    /**
     * The task's view, with what it waits for: its place in its account's queue of tasks waiting for a slot
     * ({@code queue_place}), or the tasks it waits for ({@code after}, {@code after_status}, {@code waiting},
     * {@code reason}).
     */
    Map<String, Object> view(Task task, TaskFiles files) {
        Map<String, Object> v = TaskViews.readOnly(task, files);
        if (task.queued() != null && task.status() == TaskStatus.PENDING) {
            v.put("queue_place", queue.place(task));
        }
        List<Waited> waited = of(task.id());
        if (waited.isEmpty()) {
            return v;
        }
        v.put("after", waited.stream().map(w -> Map.of("id", w.afterId(),
                "status", w.status() == null ? "deleted" : w.status().wire())).toList());
        v.put("after_status", waited.get(0).afterStatus().wire());
        v.put("waiting", task.status() == TaskStatus.PENDING && task.queued() == null);
        waited.stream().map(Waited::reason).filter(Objects::nonNull).findFirst().ifPresent(r -> v.put("reason", r));
        return v;
    }
}
