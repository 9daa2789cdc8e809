package io.batchworks.engine.tasks;

import java.time.LocalDateTime;

import io.batchworks.engine.jobs.TaskJobs;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * What a fault left of a task's runs in Spring Batch's job repository, marked failed before the task runs again (a
 * resume or an operator's restart), so that Spring Batch restarts its job from the last committed chunk.
 */
final class LeftRuns {

    private final JobRepository jobRepository;

    LeftRuns(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /**
     * Every execution of the task's job still recorded as running or unknown: the task's last one and any launch cut off
     * before it began (an execution left {@code STARTING}, which the task never recorded and which Spring Batch would
     * take for a run still going).
     */
    void abandon(Task task) {
        JobInstance instance = TaskJobs.instance(jobRepository, task.category(), task.action(), task.id());
        if (instance != null) {
            jobRepository.getJobExecutions(instance).forEach(this::abandon);
        }
    }

    /**
     * Marks what is left of a run that will not go on as failed, its steps and the job each on its own (a lost
     * database can leave a step recorded as started under a job recorded as failed). Unlike {@link JobOperator#recover}
     * this also takes what Spring Batch marked unknown (it could not record a chunk's commit or a step's end): the
     * tasks' steps keep their position in the chunk's own transaction, so whatever that last commit did, the data and
     * the position agree.
     */
    private void abandon(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (unfinished(step.getStatus())) {
                step.setStatus(BatchStatus.FAILED);
                step.setEndTime(LocalDateTime.now());
                jobRepository.update(step);
            }
        }
        if (unfinished(execution.getStatus())) {
            execution.setStatus(BatchStatus.FAILED);
            execution.setEndTime(LocalDateTime.now());
            jobRepository.update(execution);
        }
    }

    private static boolean unfinished(BatchStatus status) {
        return status.isRunning() || status == BatchStatus.UNKNOWN;
    }
}
