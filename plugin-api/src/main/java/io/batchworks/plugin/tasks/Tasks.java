package io.batchworks.plugin.tasks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.Row;

/**
 * The engine's tasks, for a plugin that runs its own API over a task type (e.g. Kazoo's resource jobs over
 * {@code numbers/add}): the work then runs once, as an ordinary task, with its restart, per-row outcomes and
 * progress, and it also shows in {@code /v2/tasks}.
 */
public interface Tasks {

    /**
     * Creates a task with the given rows as its input CSV and starts it at once. The rows are written to the
     * task's input as they are iterated, so they need not be held in memory.
     *
     * @throws ApiException 404 when the type is not loaded, 409 when the id is taken
     */
    TaskState start(NewTask task);

    /** A task by id. */
    Optional<TaskState> find(String taskId);

    /**
     * A task's input rows, read from its file as the stream is consumed (close it); an empty stream when the task
     * has no input or does not exist.
     */
    Stream<Row> input(String taskId);

    /**
     * Resumes the tasks of one type that were started but have not progressed for {@code threshold} (their node
     * died, or their run failed): each from its last committed chunk. Safe to call from every node at once: a
     * task is claimed in the database by one caller only.
     *
     * @return the ids of the tasks this call resumed
     */
    List<String> resumeStalled(String category, String action, Duration threshold);
}
