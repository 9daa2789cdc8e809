package io.batchworks.engine.jobs;

import org.springframework.batch.core.partition.PartitionHandler;

/**
 * Sends a split task's partitions to the nodes that take them from a broker, instead of this node's threads, when one
 * is configured ({@code spring.rabbitmq.host}).
 */
public interface PartitionSender {

    /** Whether a broker is configured; when not, this node's threads run a split task's partitions. */
    boolean sends();

    /** The handler of one task's partitions: sends a request for each, then waits for them all to end. */
    PartitionHandler handler(String taskId, int split);
}
