package io.batchworks.engine.tasks;

import java.util.Map;

import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.plugin.TaskInfo;

/**
 * A task as stored in {@code bw_task}. Times are epoch milliseconds.
 *
 * @param modified  when it last changed: created, started, committed a chunk, ended
 * @param runWanted someone asked it to run, so recovery may resume it
 * @param attempts  automatic resumes in a row that committed no chunk (bounded by {@code batchworks.recovery.retries})
 * @param retryAt   when recovery resumes it, a fault having ended it; null when nothing is planned
 * @param scheduleId the task schedule whose fire made it; null for a task created by a request or a plugin
 * @param queued    while it waits for a slot to run in (started, not yet running): since when; null otherwise
 * @param priority  its place in its account's queue of tasks waiting for a slot
 * @param weight    what it counts against the slots and its account's limit while it runs: its partitions, if split
 * @param keep      kept on purpose: the cleanup of finished work never removes it
 */
public record Task(String id, String accountId, String authAccountId, String category, String action, String fileName,
                   Map<String, String> params, long created, TaskStatus status, Long totalCount, long successCount,
                   long failureCount, Long started, Long ended, Long runStarted, long runBaseCount, String node,
                   Long jobExecutionId, long modified, boolean runWanted, int attempts,
                   Long retryAt, String scheduleId, Long queued, TaskPriority priority, int weight, boolean keep) {

    /** A new task, not started yet; {@code runWanted} when it is to start at once (and be recovered if it does not). */
    static Task create(String id, String accountId, String authAccountId, String category, String action, String fileName,
                       Map<String, String> params, Long totalCount, boolean runWanted) {
        long now = System.currentTimeMillis();
        return new Task(id, accountId, authAccountId, category, action, fileName, params, now, TaskStatus.PENDING, totalCount, 0, 0,
                null, null, null, 0, null, null, now, runWanted, 0, null, null, null, TaskPriority.NORMAL, 1, false);
    }

    /** The same task, made by a fire of the schedule {@code scheduleId}. */
    Task firedBy(String scheduleId) {
        return new Task(id, accountId, authAccountId, category, action, fileName, params, created, status, totalCount, successCount,
                failureCount, started, ended, runStarted, runBaseCount, node, jobExecutionId, modified, runWanted, attempts, retryAt,
                scheduleId, queued, priority, weight, keep);
    }

    /** The same task with another priority in its account's queue; this one when {@code other} is null. */
    Task prioritised(TaskPriority other) {
        return other == null ? this : new Task(id, accountId, authAccountId, category, action, fileName, params, created, status,
                totalCount, successCount, failureCount, started, ended, runStarted, runBaseCount, node, jobExecutionId, modified,
                runWanted, attempts, retryAt, scheduleId, queued, other, weight, keep);
    }

    public TaskInfo info() {
        return new TaskInfo(id, accountId, authAccountId, category, action, params);
    }

    /** The name a download of one of its files gets: {@code <category>_<action>_<id>_<csvName>}. */
    public String downloadName(String csvName) {
        return category + "_" + action + "_" + id + "_" + csvName;
    }

    public String typeKey() {
        return RegisteredTaskType.key(category, action);
    }
}
