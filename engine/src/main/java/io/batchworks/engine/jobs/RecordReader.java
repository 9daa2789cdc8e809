package io.batchworks.engine.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.RecordSource;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.TaskInfo;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A plugin's {@link RecordSource} as a step's reader: each record becomes a {@link Row} (its line the record's number),
 * handled on the step's thread as it is read, so the checkpoint the records give after the last one read is the
 * checkpoint of the chunk being written. The step saves it with the chunk ({@link #update}), in the chunk's
 * transaction; a restart opens the source from it, counting on from the record after.
 *
 * @param <O> what the step gets of a row
 */
final class RecordReader<O> implements ItemStreamReader<O> {

    private static final String CHECKPOINT = "records.checkpoint";
    private static final String COUNT = "records.count";

    private final RecordSource source;
    private final TaskInfo task;
    private final List<String> columns;
    private final ReadAhead.Step<Row, O> step;
    private RecordSource.Records records;
    private String checkpoint;
    private long count;

    RecordReader(RecordSource source, TaskInfo task, List<String> columns, ReadAhead.Step<Row, O> step) {
        this.source = source;
        this.task = task;
        this.columns = columns;
        this.step = step;
    }

    @Override
    public void open(ExecutionContext context) {
        checkpoint = context.containsKey(CHECKPOINT) ? context.getString(CHECKPOINT) : null;
        count = context.getLong(COUNT, 0);
        try {
            records = source.open(task, checkpoint);
        } catch (Exception e) {
            throw new ItemStreamException("the records of task " + task.id() + " could not be opened"
                    + (checkpoint == null ? "" : " after checkpoint " + checkpoint) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public O read() throws Exception {
        while (true) {
            Map<String, String> record = records.next();
            if (record == null) {
                return null;
            }
            count++;
            checkpoint = records.checkpoint();
            O item = step.apply(new Row(count, cells(record)));
            if (item != null) {
                return item;
            }
        }
    }

    /** The record's values in the declared columns' order, then any others it has. */
    private Map<String, String> cells(Map<String, String> record) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (String column : columns) {
            cells.put(column, record.get(column));
        }
        record.forEach(cells::putIfAbsent);
        return cells;
    }

    @Override
    public void update(ExecutionContext context) {
        if (checkpoint != null) {
            context.putString(CHECKPOINT, checkpoint);
        }
        context.putLong(COUNT, count);
    }

    @Override
    public void close() {
        if (records != null) {
            try {
                records.close();
            } catch (Exception e) {
                throw new ItemStreamException("the records of task " + task.id() + " could not be closed", e);
            }
            records = null;
        }
    }
}
