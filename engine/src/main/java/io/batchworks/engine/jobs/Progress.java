package io.batchworks.engine.jobs;

/** Where a task job's counts go after each chunk: called inside the chunk's transaction, so they commit with it. */
@FunctionalInterface
public interface Progress {

    /** The counts so far, this chunk included. */
    void committed(long success, long failure);
}
