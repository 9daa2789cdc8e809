package io.batchworks.plugin.tasks;

import java.time.Instant;

/**
 * Where a task stands.
 *
 * @param status     one of the constants below (Kazoo's task statuses)
 * @param totalCount the input's rows, when known
 * @param modified   the last time the task was created, started or committed a chunk
 */
public record TaskState(String id, String accountId, String category, String action, String status,
                        long successCount, long failureCount, Long totalCount, Instant created, Instant modified) {

    /** Created, not started yet. */
    public static final String PENDING = "pending";
    /** Running on a node. */
    public static final String EXECUTING = "executing";
    /** Ended, every row written. */
    public static final String SUCCESS = "success";
    /** Ended, some rows failed. */
    public static final String PARTIAL = "partial";
    /** Ended, every row failed. */
    public static final String FAILURE = "failure";
    /** Stopped at a chunk boundary; can be restarted. */
    public static final String STOPPED = "stopped";
    /** The job itself failed (or its node died); can be restarted. */
    public static final String INTERNAL_ERROR = "internal_error";

    /** True once the task has read all its input ({@code success}, {@code partial} or {@code failure}). */
    public boolean finished() {
        return status.equals(SUCCESS) || status.equals(PARTIAL) || status.equals(FAILURE);
    }
}
