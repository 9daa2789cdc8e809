package io.batchworks.engine.jobs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.files.TaskFileStore;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * A task's {@code out.csv} in the database ({@code batchworks.task-files=database}): the header is piece 0, then each
 * chunk's lines are one piece, inserted in the chunk's transaction. A chunk that rolls back leaves no piece, so the
 * pieces always match the step's last committed chunk and a restart on any node simply goes on numbering them.
 */
final class StoredLines implements ItemStreamWriter<String> {

    private static final String PIECES = "output.pieces";

    private final TaskFileStore store;
    private final String taskId;
    private final String name;
    private final List<String> header;
    private int pieces;

    /** The output {@code name} ({@code out.csv}, or a partition's) of a task. */
    StoredLines(TaskFileStore store, String taskId, String name, List<String> header) {
        this.store = store;
        this.taskId = taskId;
        this.name = name;
        this.header = header;
    }

    @Override
    public void open(ExecutionContext context) {
        pieces = context.getInt(PIECES, 0);
        if (pieces == 0) { // a first start, or no chunk committed before: whatever is stored is a header at most
            store.remove(taskId, name);
            store.put(taskId, name, 0, (Csv.line(header) + "\n").getBytes(StandardCharsets.UTF_8));
            pieces = 1;
        }
    }

    @Override
    public void write(Chunk<? extends String> lines) {
        StringBuilder piece = new StringBuilder();
        for (String line : lines) {
            piece.append(line).append('\n');
        }
        store.put(taskId, name, pieces++, piece.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(PIECES, pieces);
    }
}
