package io.batchworks.plugin;

/**
 * Turns one input row into the item its task writes: parse, validate, fill defaults.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface RowHandler<T> {

    /**
     * @return the item to write
     * @throws RowRejectedException when the row is malformed; its message is the reason the user sees
     */
    T handle(Row row, TaskInfo task) throws RowRejectedException;
}
