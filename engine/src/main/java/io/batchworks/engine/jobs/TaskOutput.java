package io.batchworks.engine.jobs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.batchworks.engine.csv.Csv;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.core.io.FileSystemResource;

/**
 * A task's {@code out.csv} and its success and failure counts. Both are saved with each chunk: the CSV's
 * position and the counts go into the step's execution context, the counts to the task's {@link Progress},
 * in the chunk's transaction; a restart truncates the CSV to the last committed chunk and resumes the counts.
 */
final class TaskOutput implements ItemStream {

    private static final String SUCCESS = "output.success";
    private static final String FAILURE = "output.failure";

    private final Progress progress;
    private final ItemStreamWriter<String> csv;
    private long success;
    private long failure;

    /** Writes {@code out.csv}'s lines with {@code csv}: {@link #file} or {@link StoredLines}. */
    TaskOutput(Progress progress, ItemStreamWriter<String> csv) {
        this.progress = progress;
        this.csv = csv;
    }

    /** {@code out.csv} as a file, its lines written as the chunk commits and its position kept for a restart. */
    static ItemStreamWriter<String> file(Path file, List<String> header) {
        FlatFileItemWriter<String> csv = new FlatFileItemWriter<>(line -> line);
        csv.setName("output");
        csv.setResource(new FileSystemResource(file));
        csv.setEncoding(StandardCharsets.UTF_8.name());
        csv.setHeaderCallback(w -> w.write(Csv.line(header)));
        csv.setShouldDeleteIfExists(true);
        csv.setTransactional(true);
        return csv;
    }

    /** Counts a chunk's outcome and writes its CSV lines ({@link Csv#line}); call once per chunk, inside its transaction. */
    void record(long succeeded, List<? extends String> lines, long failed) throws Exception {
        if (!lines.isEmpty()) {
            csv.write(new Chunk<>(lines));
        }
        success += succeeded;
        failure += failed;
        progress.committed(success, failure);
    }

    @Override
    public void open(ExecutionContext context) {
        success = context.getLong(SUCCESS, 0L);
        failure = context.getLong(FAILURE, 0L);
        csv.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(SUCCESS, success);
        context.putLong(FAILURE, failure);
        csv.update(context);
    }

    @Override
    public void close() {
        csv.close();
    }
}
