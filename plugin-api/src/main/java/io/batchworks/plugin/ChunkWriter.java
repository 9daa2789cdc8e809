package io.batchworks.plugin;

/**
 * Writes one chunk of items inside the chunk's transaction (use {@link PluginContext#dataSource()}).
 * A chunk is written at most once per committed chunk: when the engine restarts a crashed task, a chunk
 * whose transaction did not commit is written again, and one that did is not.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ChunkWriter<T> {

    /**
     * Writes the chunk's items. An item the writer finds it cannot apply (a check that needs the database, such
     * as a number owned by another account) is handed to {@link Items#reject}: it fails alone, like a row its
     * {@link RowHandler} rejected, and the writer must leave no trace of it.
     */
    void write(Items<T> items, TaskInfo task) throws Exception;
}
