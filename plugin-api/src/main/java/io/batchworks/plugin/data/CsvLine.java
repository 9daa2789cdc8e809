package io.batchworks.plugin.data;

import java.util.List;

/**
 * One line of CSV as the engine writes every CSV it serves ({@code out.csv}, downloads, a route's CSV answer): cells
 * joined by commas, a cell quoted only when it holds a comma, a quote or a line break, its quotes doubled.
 */
public final class CsvLine {

    private CsvLine() {
    }

    /** The line of {@code cells}, without its line break; a {@code null} cell is empty. */
    public static String of(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i) == null ? "" : cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        return out.toString();
    }
}
