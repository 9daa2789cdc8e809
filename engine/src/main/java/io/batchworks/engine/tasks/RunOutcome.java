package io.batchworks.engine.tasks;

import io.batchworks.engine.jobs.PartitionClaims;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * What the end of a task's job means: the status the task ends in (completed is {@code success}, {@code partial} or
 * {@code failure} by the rows' outcomes; stopped is {@code stopped}; anything else {@code internal_error}), and
 * whether its failure passes by itself, so that recovery resumes it.
 */
record RunOutcome(TaskStatus status, boolean passing) {

    private static final Logger log = LoggerFactory.getLogger(RunOutcome.class);

    static RunOutcome of(Task done, JobExecution execution, DataDisk disk) {
        TaskStatus status = switch (execution.getStatus()) {
            case COMPLETED -> done.failureCount() == 0 ? TaskStatus.SUCCESS
                    : done.successCount() == 0 ? TaskStatus.FAILURE : TaskStatus.PARTIAL;
            case STOPPED, STOPPING -> TaskStatus.STOPPED;
            default -> TaskStatus.INTERNAL_ERROR;
        };
        if (status == TaskStatus.INTERNAL_ERROR) {
            log.error("Task {} failed: {}", done.id(), execution.getAllFailureExceptions());
        }
        // UNKNOWN (the job's or a step's): a chunk's commit or rollback, or the step's own record, that the database could
        // not complete (its connection went). What that chunk did is not known, but the database holds the position of the
        // last chunk it committed (a step whose chunk did not commit is refused by its version when Spring Batch stores it
        // afterwards), and recovery resumes from there, as after any lost connection.
        // A partition whose node died was marked failed by the live nodes: it runs again, as after a crash.
        boolean diskFull = execution.getAllFailureExceptions().stream().anyMatch(disk::filled);
        if (diskFull) {
            log.error("Task {}: {}", done.id(), disk.reason());
            ExitStatus was = execution.getExitStatus(); // the reason first: Spring Batch keeps only the start of a long one
            execution.setExitStatus(new ExitStatus(was.getExitCode(), disk.reason()).addExitDescription(was.getExitDescription()));
        }
        boolean passing = diskFull || execution.getStatus() == BatchStatus.UNKNOWN || Faults.anyTransient(execution.getAllFailureExceptions())
                || execution.getStepExecutions().stream().anyMatch(s -> s.getStatus() == BatchStatus.UNKNOWN
                        || PartitionClaims.NODE_LOST.equals(s.getExitStatus().getExitCode()));
        return new RunOutcome(status, passing);
    }
}
