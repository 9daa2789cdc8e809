package io.batchworks.plugin;

import java.util.List;

/**
 * What an export task streams into its {@code out.csv}: one CSV row per result row. The query's result
 * columns are read by the labels in {@code columns}, which are also the CSV header. The engine streams the
 * result (no whole result set in memory) and resumes a restarted export after its last committed chunk, so
 * the query must return rows in a stable order.
 */
public record ExportQuery(List<String> columns, String sql, List<Object> args) {

    public ExportQuery {
        columns = List.copyOf(columns);
        args = List.copyOf(args);
    }

    /** Builds the query for one export task from its parameters. */
    @FunctionalInterface
    public interface Factory {
        ExportQuery create(TaskInfo task);
    }
}
