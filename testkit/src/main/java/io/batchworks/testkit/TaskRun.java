package io.batchworks.testkit;

import tools.jackson.databind.JsonNode;

/**
 * A task as it ended.
 *
 * @param id           the task's id
 * @param status       Kazoo's final status: {@code success}, {@code partial} (some rows failed), {@code failure}
 *                     (every row failed) or {@code internal_error} (the job itself failed)
 * @param successCount rows written
 * @param failureCount rows that failed, each listed in {@code outputCsv} with its reason and line number
 * @param outputCsv    the task's {@code out.csv}: an export's rows, or a rows task's failed rows; empty if none
 * @param task         the task's whole record as {@code GET /v2/tasks/{id}} shows it
 */
public record TaskRun(String id, String status, long successCount, long failureCount, String outputCsv, JsonNode task) {
}
