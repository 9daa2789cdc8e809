package io.batchworks.engine.cluster;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Timers;
import io.batchworks.engine.jobs.PartitionClaims;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Finds, on every node at each heartbeat, the partitions still recorded as running whose node died: it stopped, fell
 * silent for {@code dead-after}, or started again since it claimed them. Each is marked failed ({@link
 * PartitionClaims#NODE_LOST}); its task's node then sees all its partitions ended, and its run ends as one a passing
 * fault cut off, which recovery resumes: only the partitions that did not complete run again, from their last
 * committed chunk. Marking is safe even against a node that is only slow: the step execution's version moves on, so
 * its next chunk's commit fails and rolls back.
 */
@Component
class LostPartitions {

    private static final Logger log = LoggerFactory.getLogger(LostPartitions.class);

    private final Nodes nodes;
    private final PartitionClaims claims;
    private final JobRepository jobRepository;
    private final EngineSettings.Cluster settings;
    private final ScheduledExecutorService timer = Timers.daemon("lost-partitions");

    LostPartitions(Nodes nodes, PartitionClaims claims, JobRepository jobRepository, EngineSettings settings) {
        this.nodes = nodes;
        this.claims = claims;
        this.jobRepository = jobRepository;
        this.settings = settings.cluster();
    }

    @PostConstruct
    void watch() {
        long every = settings.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    private void look() {
        try {
            long now = System.currentTimeMillis();
            Map<String, Nodes.Node> byName = nodes.all().stream().collect(Collectors.toMap(Nodes.Node::name, n -> n));
            for (PartitionClaims.Running partition : claims.running()) {
                Nodes.Node node = byName.get(partition.node());
                if (node == null || !node.alive(now, nodes.deadAfter()) || node.started() > partition.claimed()) {
                    fail(partition);
                }
            }
        } catch (DataAccessException e) {
            log.debug("Lost partitions cannot be looked for now ({}); next heartbeat", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Lost partitions could not be looked for", e);
        }
    }

    private void fail(PartitionClaims.Running lost) {
        StepExecution execution = jobRepository.getStepExecution(lost.stepExecutionId());
        if (execution == null || !execution.getStatus().isRunning()) {
            return;
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(new ExitStatus(PartitionClaims.NODE_LOST, "its node " + lost.node() + " died"));
        execution.setEndTime(LocalDateTime.now());
        jobRepository.update(execution);
        log.warn("Partition {} of task {} was running on node {}, which died: marked failed, to run again elsewhere",
                execution.getStepName(), lost.taskId(), lost.node());
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
