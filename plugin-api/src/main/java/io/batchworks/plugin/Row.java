package io.batchworks.plugin;

import java.util.List;
import java.util.Map;

/**
 * One data row of a task's input CSV.
 *
 * @param line   the row's line number in the input file (the header is line 1); for a task of records ({@link RecordSource}),
 *               the record's number, from 1
 * @param cells  the row's cells by column name, in the file's column order
 */
public record Row(long line, Map<String, String> cells) {

    /** The cell's value, trimmed; {@code null} when the column is absent or the cell is empty. */
    public String get(String column) {
        String value = cells.get(column);
        if (value == null) {
            return null;
        }
        value = value.strip();
        return value.isEmpty() ? null : value;
    }

    /** The input's column names, in file order. */
    public List<String> columns() {
        return List.copyOf(cells.keySet());
    }
}
