package io.batchworks.engine.jobs;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.engine.bulk.PostgresCopyExport;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.data.Database;
import io.batchworks.plugin.data.Decimals;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;

/**
 * A plugin's query read as CSV lines: the reader of an export task, and the snapshot of a rows task's source query
 * that becomes its input.
 */
final class QueryRows {

    private final DataSource dataSource;
    private final Database database;
    private final TaskFileStore store;

    QueryRows(DataSource dataSource, Database database, TaskFileStore store) {
        this.dataSource = dataSource;
        this.database = database;
        this.store = store;
    }

    /**
     * Writes a source query's rows as the task's input, once: into a file of its own first (and into the database, with
     * {@code task-files=database}, for the nodes that resume the task), moved into place when complete, so that a crash
     * meanwhile leaves no input and the next start takes the snapshot again.
     */
    void snapshot(TaskInfo task, ExportQuery query, Path input, int fetchSize) throws IOException {
        Path partial = input.resolveSibling(input.getFileName() + ".partial");
        ItemStreamReader<String> rows = reader(query, fetchSize);
        rows.open(new ExecutionContext());
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(Csv.line(query.columns()));
            out.write('\n');
            for (String row = rows.read(); row != null; row = rows.read()) {
                out.write(row);
                out.write('\n');
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the rows of task " + task.id() + " could not be read", e);
        } finally {
            rows.close();
        }
        if (store.inUse()) {
            store.store(task.id(), TaskFileStore.IN, partial);
        }
        Files.move(partial, input, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The query's rows as CSV lines, streamed: on PostgreSQL by COPY, elsewhere by a cursor of {@code fetchSize} rows. */
    ItemStreamReader<String> reader(ExportQuery query, int fetchSize) {
        if (database == Database.POSTGRESQL) {
            return new PostgresCopyExport(dataSource, query, "export");
        }
        JdbcCursorItemReader<String> reader = new JdbcCursorItemReader<>(dataSource, query.sql(), (rs, n) -> {
            List<String> cells = new ArrayList<>(query.columns().size());
            for (String column : query.columns()) {
                cells.add(text(rs.getObject(column)));
            }
            return Csv.line(cells);
        });
        reader.setName("export");
        reader.setPreparedStatementSetter(ps -> {
            for (int i = 0; i < query.args().size(); i++) {
                ps.setObject(i + 1, query.args().get(i));
            }
        });
        reader.setFetchSize(fetchSize);
        reader.setConnectionAutoCommit(false);
        return reader;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return Decimals.plain(d).toPlainString();
        }
        return value.toString();
    }
}
