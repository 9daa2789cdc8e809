package io.batchworks.engine.jobs;

/** Where a task job's counts go after each chunk: called inside the chunk's transaction, so they commit with it. */
@FunctionalInterface
public interface Progress {

    /** The chunk's counts, which add to the task's (partitions of one task each add theirs). */
    void committed(long success, long failure);
}
