package io.batchworks.engine.remote;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.jobs.PartitionClaims;
import io.batchworks.engine.tasks.TaskPartitions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.AcknowledgmentCallback;
import org.springframework.integration.amqp.inbound.AmqpMessageSource;
import org.springframework.messaging.Message;

/**
 * This node's share of the partitions sent to the broker: {@code batchworks.partition.threads} threads, each taking
 * one request at a time when it is free (a pull, so a busy node holds none back from idle ones). A request is
 * acknowledged only once its partition is claimed in the database: a node that dies before that leaves it to the
 * broker, which hands it to another; one that dies after leaves a claim that the live nodes find dead
 * ({@code cluster.LostPartitions}), so the partition is run again from its last committed chunk.
 */
class PartitionWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorkers.class);
    private static final long IDLE_MS = 200;
    private static final long BROKER_RETRY_MS = 2000;

    private final AmqpMessageSource requests;
    private final PartitionClaims claims;
    private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    private final JobRepository jobRepository;
    private final String node;
    private final int threads;
    private final List<Thread> workers = new ArrayList<>();
    /** The partitions (step executions) running on this node's workers now. */
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean brokerLost;

    PartitionWorkers(AmqpMessageSource requests, PartitionClaims claims, TaskPartitions steps, JobRepository jobRepository,
                     EngineSettings settings) {
        this.requests = requests;
        this.claims = claims;
        this.threads = settings.partition().threads();
        this.jobRepository = jobRepository;
        this.node = settings.node();
        handler.setStepLocator(steps);
        handler.setJobRepository(jobRepository);
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "partition-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    private void work() {
        while (running) {
            try {
                Message<?> message = requests.receive();
                if (message == null) {
                    TimeUnit.MILLISECONDS.sleep(IDLE_MS);
                } else {
                    take(message);
                }
                if (brokerLost) {
                    log.info("Partition requests are taken from the broker again");
                    brokerLost = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!brokerLost) {
                    log.warn("Partition requests cannot be taken ({}); trying again every {} ms", e.toString(), BROKER_RETRY_MS);
                    brokerLost = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(BROKER_RETRY_MS);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Claims the request's partition, settles the request, and runs the partition when it is this node's and has not
     * begun. The claim decides, not the broker: a request that could not be settled (the link failed in between) is
     * handed out again, to another node, which finds it claimed, or to this one, which finds it running or begun.
     */
    private void take(Message<?> message) {
        AcknowledgmentCallback ack = StaticMessageHeaderAccessor.getAcknowledgmentCallback(message);
        StepExecutionRequest request = request(message.getPayload());
        String taskId = request == null ? null : TaskPartitions.taskId(request.getStepName());
        if (taskId == null) {
            log.error("A partition request that is not one was dropped: {}", message.getPayload());
            settle(ack, AcknowledgmentCallback.Status.REJECT);
            return;
        }
        long id = request.getStepExecutionId();
        boolean mine;
        try {
            mine = claims.claim(id, taskId) && unbegun(id) != null;
        } catch (RuntimeException e) {
            settle(ack, AcknowledgmentCallback.Status.REQUEUE); // or it would stay with this channel, taken by no one
            throw e;
        }
        settle(ack, AcknowledgmentCallback.Status.ACCEPT);
        if (!mine || !runningHere.add(id)) {
            log.info("Partition {} of task {} is not this node's to run (claimed elsewhere, or begun); request dropped", id, taskId);
            return;
        }
        try {
            handler.handle(request);
        } catch (RuntimeException e) {
            log.error("Partition {} of task {} could not run", id, taskId, e);
        } finally {
            runningHere.remove(id);
        }
        failIfNotBegun(id);
    }

    /** The partition's step execution while it has not begun ({@code STARTING}); null once it has, or when it is gone. */
    private StepExecution unbegun(long stepExecutionId) {
        StepExecution execution = jobRepository.getStepExecution(stepExecutionId);
        return execution != null && execution.getStatus() == BatchStatus.STARTING ? execution : null;
    }

    private static void settle(AcknowledgmentCallback ack, AcknowledgmentCallback.Status status) {
        try {
            ack.acknowledge(status);
        } catch (RuntimeException e) {
            log.warn("A partition request could not be settled ({}); the broker hands it out again", e.toString());
        }
    }

    /**
     * A partition that could not even begin here (its task deleted, its plugin not loaded on this node) is recorded
     * failed, so that its task's node stops waiting for it and ends the run.
     */
    private void failIfNotBegun(long stepExecutionId) {
        StepExecution execution = unbegun(stepExecutionId);
        if (execution != null) {
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription("the partition could not begin on node " + node));
            execution.setEndTime(LocalDateTime.now());
            jobRepository.update(execution);
        }
    }

    private static StepExecutionRequest request(Object payload) {
        if (payload instanceof Map<?, ?> fields && fields.get(RabbitPartitions.STEP) instanceof String step
                && fields.get(RabbitPartitions.STEP_EXECUTION_ID) instanceof Number id) {
            return new StepExecutionRequest(step, id.longValue());
        }
        return null;
    }

    /**
     * Takes no more requests. A partition running here is cut off with the process: its chunk rolls back, and the
     * live nodes find its claim dead once this node is marked stopped.
     */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
