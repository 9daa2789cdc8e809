package io.batchworks.engine.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.csv.Csv;
import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Per-row outcomes of a rows task, recorded by the engine for every plugin: the plugin's handler turns a row into
 * an item or rejects it; accepted items go to the plugin's writer, which may still reject some; rejected rows go
 * to {@code out.csv} with their reason and line, in input order, all in the chunk's transaction. A task type with
 * result columns lists every row there, with the results its writer set.
 */
final class RowOutcomes<T> implements ItemWriter<RowOutcomes.Outcome<T>> {

    /** A row and what became of it: an item, or the reason it failed. */
    record Outcome<T>(Row row, T item, String error) {
    }

    private final RowHandler<T> handler;
    private final ChunkWriter<T> writer;
    private final TaskInfo task;
    private final List<String> header;
    private final List<String> results;
    private final TaskOutput output;
    private final long waitAfterRowMs;

    RowOutcomes(RowHandler<T> handler, ChunkWriter<T> writer, TaskInfo task, List<String> header, List<String> results,
                TaskOutput output, long waitAfterRowMs) {
        this.handler = handler;
        this.writer = writer;
        this.task = task;
        this.header = header;
        this.results = results;
        this.output = output;
        this.waitAfterRowMs = waitAfterRowMs;
    }

    /**
     * The step's processor: the plugin's handler, with rejections kept as outcomes.
     *
     * @param defect why the reader could not read the row whole ({@link Csv.Rows#defect}), or {@code null}
     */
    Outcome<T> process(Row row, String defect) throws Exception {
        if (defect != null) {
            return new Outcome<>(row, null, defect); // what the reader could not read whole: rejected, not handed to the plugin
        }
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
        List<? extends Outcome<T>> outcomes = chunk.getItems();
        String[] reasons = new String[outcomes.size()];
        String[][] resultCells = new String[outcomes.size()][];
        List<T> items = new ArrayList<>(outcomes.size());
        int[] outcomeOf = new int[outcomes.size()]; // an item's place among the outcomes, by its place among the items
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome<T> outcome = outcomes.get(i);
            if (outcome.error() == null) {
                outcomeOf[items.size()] = i;
                items.add(outcome.item());
            } else {
                reasons[i] = outcome.error();
            }
        }
        int[] writerRejected = {0};
        if (!items.isEmpty()) {
            writer.write(new Items<>() {
                /** Built at the first reject or result: most chunks have neither, and a map of every item costs. */
                private Map<T, Integer> positions;

                private Integer position(T item) {
                    if (positions == null) {
                        positions = new IdentityHashMap<>(items.size() * 2);
                        for (int i = 0; i < items.size(); i++) {
                            positions.put(items.get(i), outcomeOf[i]);
                        }
                    }
                    return positions.get(item);
                }

                @Override
                public List<T> all() {
                    return Collections.unmodifiableList(items);
                }

                @Override
                public void reject(T item, String reason) {
                    Integer at = position(item);
                    if (at == null) {
                        throw new IllegalArgumentException("not an item of this chunk: " + item);
                    }
                    if (reasons[at] == null) {
                        writerRejected[0]++;
                    }
                    reasons[at] = reason == null || reason.isBlank() ? "rejected" : reason;
                }

                @Override
                public void result(T item, String column, String value) {
                    Integer at = position(item);
                    int index = results.indexOf(column);
                    if (at == null || index < 0) {
                        throw new IllegalArgumentException(at == null ? "not an item of this chunk: " + item
                                : "not a result column of " + task.category() + "/" + task.action() + ": " + column);
                    }
                    if (resultCells[at] == null) {
                        resultCells[at] = new String[results.size()];
                    }
                    resultCells[at][index] = value;
                }
            }, task);
        }
        List<String> lines = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (reasons[i] != null) {
                failed++;
            }
            if (reasons[i] != null || !results.isEmpty()) {
                lines.add(outputLine(outcomes.get(i).row(), resultCells[i], reasons[i]));
            }
        }
        output.record(items.size() - writerRejected[0], lines, failed);
    }

    /** A row in {@code out.csv}: its cells, its results (if the type has any), the reason it failed, its line. */
    private String outputLine(Row row, String[] resultCells, String reason) {
        List<String> line = new ArrayList<>(header.size() + results.size() + 2);
        header.forEach(column -> line.add(row.cells().get(column)));
        for (int i = 0; i < results.size(); i++) {
            line.add(resultCells == null ? null : resultCells[i]);
        }
        line.add(reason);
        line.add(Long.toString(row.line()));
        return Csv.line(line);
    }
}
