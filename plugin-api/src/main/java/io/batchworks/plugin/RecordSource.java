package io.batchworks.plugin;

import java.util.Map;

/**
 * Where a rows task reads its records when they are neither an upload nor a query of the plugin's database: an HTTP
 * API, a file of another format, another database. The records are read in order on one thread; each becomes a
 * {@link Row} (its {@code line} is the record's number, from 1) that the task's row handler and chunk writer handle as
 * any row. After each chunk commits, the engine keeps, in the same transaction, the checkpoint the records gave after
 * the chunk's last record; a restart, after a stop, a fault or a {@code kill -9}, opens the source again from it, so
 * every record is written once.
 *
 * <p>A checkpoint is the source's own words for where it stands, e.g. a page's cursor and how many of its records
 * were read. It must lead back to the record after the last one read, whatever was read ahead of it.
 */
@FunctionalInterface
public interface RecordSource {

    /**
     * Opens the task's records after {@code checkpoint}, or from the first when it is {@code null}.
     *
     * @throws Exception when the source cannot be read; a fault that passes (a connection refused, a timeout) ends the
     *                   run as one that recovery resumes, from the last checkpoint
     */
    Records open(TaskInfo task, String checkpoint) throws Exception;

    /** The records of one run: read, then closed. */
    interface Records extends AutoCloseable {

        /** The next record, its values by column; {@code null} after the last. */
        Map<String, String> next() throws Exception;

        /** Where the records go on after the last one {@link #next} gave: what {@link #open} takes back. */
        String checkpoint();

        @Override
        default void close() throws Exception {
        }
    }
}
