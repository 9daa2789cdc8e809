package io.batchworks.engine.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.batchworks.engine.csv.Csv;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.core.io.FileSystemResource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

    /**
     * {@code out.csv} as a file, its lines written as the chunk commits and its position kept for a restart. A chunk
     * rolled back takes back what it wrote: when its lines could be written only in part (the disk filled up), the
     * file keeps no half chunk for a download to serve until the restart.
     */
    static ItemStreamWriter<String> file(Path file, List<String> header) {
        FlatFileItemWriter<String> csv = new FlatFileItemWriter<>(line -> line) {
            @Override
            public void write(Chunk<? extends String> lines) throws Exception {
                if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                    super.write(lines); // not a chunk's: nothing to take back
                    return;
                }
                long before = Files.exists(file) ? Files.size(file) : 0;
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        if (status == STATUS_ROLLED_BACK) { // not when unknown: the chunk may have committed
                            truncate(file, before);
                        }
                    }
                });
                super.write(lines);
            }
        };
        csv.setName("output");
        csv.setResource(new FileSystemResource(file));
        csv.setEncoding(StandardCharsets.UTF_8.name());
        csv.setHeaderCallback(w -> w.write(Csv.line(header)));
        csv.setShouldDeleteIfExists(true);
        csv.setTransactional(true);
        return csv;
    }

    private static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException("could not take back a rolled back chunk's lines from " + file, e);
        }
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
