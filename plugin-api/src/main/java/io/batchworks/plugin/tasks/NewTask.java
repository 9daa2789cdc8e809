package io.batchworks.plugin.tasks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.web.EnginePaths;

/**
 * A task for {@link Tasks#start}.
 *
 * @param id            the task's id, or {@code null} for a new one; letters, digits, {@code -} and {@code _}
 * @param accountId     the account it works on
 * @param authAccountId the account that asked for it
 * @param params        extra parameters, as {@link TaskInfo#params()} hands them to the task's code
 * @param columns       the header of its input CSV
 * @param rows          its input rows, each with one cell per column
 */
public record NewTask(String id, String category, String action, String accountId, String authAccountId,
                      Map<String, String> params, List<String> columns, Iterable<List<String>> rows) {

    public NewTask {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(authAccountId, "authAccountId");
        params = Map.copyOf(params);
        columns = List.copyOf(columns);
        Objects.requireNonNull(rows, "rows");
        if (id != null && !EnginePaths.isSegment(id)) {
            throw new IllegalArgumentException("task id must be 1-64 letters, digits, - or _: " + id);
        }
    }
}
