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
 * A task's {@code out.csv} (or one partition's) and its success and failure counts, both saved with each chunk in the
 * chunk's transaction: the CSV's lines and position (the position in the step's execution context), the chunk's counts
 * added to the task's through its {@link Progress}. A restart truncates the CSV to the last committed chunk; the
 * task's counts are those of the committed chunks already.
 */
final class TaskOutput implements ItemStream {

    private final Progress progress;
    private final ItemStreamWriter<String> csv;

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
        progress.committed(succeeded, failed);
    }

    @Override
    public void open(ExecutionContext context) {
        csv.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        csv.update(context);
    }

    @Override
    public void close() {
        csv.close();
    }
}
