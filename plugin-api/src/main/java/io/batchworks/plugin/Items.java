package io.batchworks.plugin;

import java.util.List;

/**
 * The items of one chunk, as a {@link ChunkWriter} receives them.
 *
 * @param <T> the item type
 */
public interface Items<T> {

    /** The chunk's items, in input order. */
    List<T> all();

    /**
     * Fails one item (given as the same instance {@link #all()} returned): the task counts it as failed and lists
     * its row in {@code out.csv} with this reason, instead of counting it as written.
     */
    void reject(T item, String reason);

    /**
     * Sets one of the task type's {@link TaskType.Builder#results result columns} for an item, shown in its row of
     * {@code out.csv}.
     */
    void result(T item, String column, String value);
}
