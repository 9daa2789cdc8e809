package io.batchworks.plugin;

import java.util.List;

/**
 * Writes one chunk of items inside the chunk's transaction (use {@link PluginContext#dataSource()}).
 * A chunk is written at most once per committed chunk: when the engine restarts a crashed task, a chunk
 * whose transaction did not commit is written again, and one that did is not.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ChunkWriter<T> {

    void write(List<T> items, TaskInfo task) throws Exception;
}
