package io.batchworks.engine.tasks;

import java.util.Map;

import io.batchworks.plugin.TaskInfo;

/** A task as stored in {@code bw_task}. Times are epoch milliseconds. */
public record Task(String id, String accountId, String authAccountId, String category, String action, String fileName,
                   Map<String, String> params, long created, String status, Long totalCount, long successCount,
                   long failureCount, Long started, Long ended, Long runStarted, long runBaseCount, String node,
                   Long jobExecutionId) {

    public static final String PENDING = "pending";
    public static final String EXECUTING = "executing";
    public static final String SUCCESS = "success";
    public static final String PARTIAL = "partial";
    public static final String FAILURE = "failure";
    public static final String STOPPED = "stopped";
    public static final String INTERNAL_ERROR = "internal_error";

    public TaskInfo info() {
        return new TaskInfo(id, accountId, authAccountId, category, action, params);
    }

    public String typeKey() {
        return category + "/" + action;
    }
}
