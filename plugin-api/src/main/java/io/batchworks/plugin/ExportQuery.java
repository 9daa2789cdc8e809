package io.batchworks.plugin;

import java.util.List;

/**
 * What an export task streams into its {@code out.csv}: one CSV row per result row. The query's result
 * columns are read by the labels in {@code columns}, which are also the CSV header. The engine streams the
 * result (no whole result set in memory) and resumes a restarted export after its last committed chunk, so
 * the query must return rows in a stable order.
 * <p>
 * Cells are written the same on every database: numbers without trailing zeros or exponent, and {@code null}
 * and the empty string both as an empty cell. On PostgreSQL (13 or later) the query runs inside
 * {@code COPY (...) TO STDOUT}, with {@code args} inlined as literals: plain {@code ?} parameters only, and
 * types other than numbers and text appear in PostgreSQL's own text form.
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
