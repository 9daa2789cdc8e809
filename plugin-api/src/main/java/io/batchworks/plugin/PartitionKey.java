package io.batchworks.plugin;

/**
 * How a rows task's input splits into partitions ({@link TaskType.Builder#partitionBy}): rows with equal keys belong
 * to one partition and are handled in input order there, so a later row still wins over an earlier one with the same
 * key, while rows of different keys may be handled at the same time.
 */
@FunctionalInterface
public interface PartitionKey {

    /** The row's key, e.g. its rate's identity or its scope. */
    String of(Row row);
}
