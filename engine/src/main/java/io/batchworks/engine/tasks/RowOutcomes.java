package io.batchworks.engine.tasks;

import java.util.ArrayList;
import java.util.List;

import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Per-row outcomes of a rows task, recorded by the engine for every plugin: the plugin's handler turns a row into
 * an item or rejects it; accepted items go to the plugin's writer, rejected rows to {@code out.csv} with their
 * reason and line, all in the chunk's transaction.
 */
final class RowOutcomes<T> implements ItemWriter<RowOutcomes.Outcome<T>> {

    /** A row and what became of it: an item, or the reason it failed. */
    record Outcome<T>(Row row, T item, String error) {
    }

    private final RowHandler<T> handler;
    private final ChunkWriter<T> writer;
    private final TaskInfo task;
    private final List<String> header;
    private final TaskOutput output;
    private final long waitAfterRowMs;

    RowOutcomes(RowHandler<T> handler, ChunkWriter<T> writer, TaskInfo task, List<String> header, TaskOutput output,
                long waitAfterRowMs) {
        this.handler = handler;
        this.writer = writer;
        this.task = task;
        this.header = header;
        this.output = output;
        this.waitAfterRowMs = waitAfterRowMs;
    }

    /** The step's processor: the plugin's handler, with rejections kept as outcomes. */
    Outcome<T> process(Row row) throws Exception {
        if (row.cells().isEmpty()) {
            return null; // a blank line is not a row
        }
        if (waitAfterRowMs > 0) {
            Thread.sleep(waitAfterRowMs);
        }
        try {
            return new Outcome<>(row, handler.handle(row, task), null);
        } catch (RowRejectedException e) {
            return new Outcome<>(row, null, e.getMessage());
        }
    }

    @Override
    public void write(Chunk<? extends Outcome<T>> chunk) throws Exception {
        List<T> items = new ArrayList<>(chunk.size());
        List<String> failed = new ArrayList<>();
        for (Outcome<T> outcome : chunk) {
            if (outcome.error() == null) {
                items.add(outcome.item());
            } else {
                List<String> line = new ArrayList<>(header.size() + 2);
                header.forEach(column -> line.add(outcome.row().cells().get(column)));
                line.add(outcome.error());
                line.add(Long.toString(outcome.row().line()));
                failed.add(Csv.line(line));
            }
        }
        if (!items.isEmpty()) {
            writer.write(items, task);
        }
        output.record(items.size(), failed, failed.size());
    }
}
