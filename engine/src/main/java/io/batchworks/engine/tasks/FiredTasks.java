package io.batchworks.engine.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.ApiException;

import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The tasks that schedules' fires make: ordinary tasks of the schedule's account that name their schedule, created with
 * an id the fire chooses (the same for every attempt of one fire, so a fire retried after a crash finds its task) and
 * started at once, or, queued behind the schedule's previous task, started by {@link WaitingTasks} once it ends.
 */
@Component
public class FiredTasks {

    private final TaskStore tasks;
    private final TaskFiles files;
    private final TaskDispatcher dispatcher;
    private final TaskWaits waits;

    FiredTasks(TaskStore tasks, TaskFiles files, TaskDispatcher dispatcher, TaskWaits waits) {
        this.tasks = tasks;
        this.files = files;
        this.dispatcher = dispatcher;
        this.waits = waits;
    }

    /** Writes a task's input, {@code in.csv}, into the file given: its rows, or {@code null} when the order's rows hold. */
    @FunctionalInterface
    public interface InputCopy {
        Long copyTo(Path file) throws IOException;
    }

    /**
     * A fire's task.
     *
     * @param input      the task's input, or {@code null} for a type that takes none
     * @param rows       the input's rows, when known
     * @param after      the tasks it waits for, any status accepted (the schedule's previous task, or the task a follow-up
     *                   follows); empty to start at once
     * @param afterStatus what the tasks waited for must have ended as: {@code success}, {@code success_or_partial} or {@code any}
     */
    public record Order(String taskId, String scheduleId, String accountId, String authAccountId, String category, String action,
                        Map<String, String> params, String fileName, InputCopy input, Long rows, List<String> after,
                        String afterStatus) {
    }

    public Optional<Task> find(String taskId) {
        return tasks.find(taskId);
    }

    /** The newest task of the schedule, if any. */
    public Optional<Task> lastOf(String scheduleId) {
        return tasks.lastOfSchedule(scheduleId);
    }

    /** The newest task of the schedule that ended {@code success} or {@code partial}, if any. */
    public Optional<Task> lastEnded(String scheduleId) {
        return tasks.lastOfSchedule(scheduleId, TaskStatus.SUCCESS, TaskStatus.PARTIAL);
    }

    /** The task's {@code out.csv}, streamed; 404 naming {@code output} when it has none. */
    public Resource output(Task task) {
        if (!files.exists(task.id(), TaskFiles.OUT)) {
            throw ApiException.notFound("output", task.id());
        }
        return files.read(task.id(), TaskFiles.OUT);
    }

    /** Whether the task still runs or is yet to: pending, executing, or ended by a fault that recovery will resume. */
    public static boolean unfinished(Task task) {
        return task.status() == TaskStatus.PENDING || task.status() == TaskStatus.EXECUTING
                || (task.status() == TaskStatus.INTERNAL_ERROR && task.retryAt() != null);
    }

    /**
     * Creates the task, with what it waits for, in one transaction, and starts it unless it waits.
     *
     * @throws ApiException when its type is no longer loaded (the task is then left pending), or the input cannot be copied
     */
    public Task place(Order order) throws IOException {
        Long rows = order.rows();
        try {
            if (order.input() != null) {
                Long copied = order.input().copyTo(files.dir(order.taskId()).resolve(TaskFiles.IN));
                rows = copied == null ? rows : copied;
                files.keep(order.taskId(), TaskFiles.IN);
            }
            Task task = Task.create(order.taskId(), order.accountId(), order.authAccountId(), order.category(), order.action(),
                    order.fileName(), order.params(), order.input() == null ? null : rows, order.after().isEmpty())
                    .firedBy(order.scheduleId());
            TaskWaits.Wait wait = order.after().isEmpty() ? TaskWaits.Wait.NONE
                    : new TaskWaits.Wait(order.after(), TaskWaits.AfterStatus.of(order.afterStatus()));
            waits.create(task, wait, files.bytes(task.id()));
            return wait.after().isEmpty() ? dispatcher.start(task) : task;
        } catch (IOException | RuntimeException e) {
            if (tasks.find(order.taskId()).isEmpty()) {
                files.delete(order.taskId());
            }
            throw e;
        }
    }

    /** Starts a task an earlier attempt of the same fire created but did not start; false when there was nothing to start. */
    public boolean startIfLeft(Task task) {
        if (task.status() != TaskStatus.PENDING || task.queued() != null || !waits.of(task.id()).isEmpty()) {
            return false;
        }
        try {
            dispatcher.start(task);
            return true;
        } catch (ApiException taken) { // started meanwhile by another attempt
            return false;
        }
    }

    /** Checks an {@code after_status} name: 400 naming the field otherwise. */
    public static String afterStatus(String wire) {
        return TaskWaits.AfterStatus.of(wire).wire();
    }
}
