package io.batchworks.engine.tasks;

import java.time.LocalDateTime;

import io.batchworks.engine.jobs.TaskJobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * What a fault left of a job's runs in Spring Batch's job repository (a task's, or the engine's own cleanup's),
 * cleared before it runs again (a resume, an operator's restart, another attempt at a launch), so that Spring Batch
 * restarts the job from the last committed chunk.
 */
public final class LeftRuns {

    private static final Logger log = LoggerFactory.getLogger(LeftRuns.class);

    private final JobRepository jobRepository;

    public LeftRuns(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /**
     * Spring Batch creates a job instance and its first execution in two transactions: a launch that failed between
     * them leaves an instance with no execution, which every later launch refuses ("cannot find any job execution").
     * Nothing ran under it, so it goes; when the database does not answer, the launch that follows says so.
     */
    void forgetUnlaunched(String jobName, JobParameters params) {
        try {
            JobInstance instance = jobRepository.getJobInstance(jobName, params);
            if (instance != null && jobRepository.getLastJobExecution(instance) == null) {
                jobRepository.deleteJobInstance(instance);
            }
        } catch (DataAccessException e) {
            log.debug("An unlaunched job instance of {} could not be removed yet", jobName, e);
        }
    }

    /**
     * {@link #abandon(Task)} for a launch of the task's only run after an earlier attempt was cut off by a fault: that
     * attempt can leave its execution {@code STARTING} or {@code STARTED} (its start was recorded, its failure could
     * not be). When the database does not answer, the launch that follows says so.
     */
    void abandonIfReachable(Task task) {
        try {
            abandon(task);
        } catch (DataAccessException | TransactionException e) {
            log.debug("Task {}: what an earlier attempt left cannot be marked failed yet", task.id(), e);
        }
    }

    /**
     * Every execution of the task's job still recorded as running or unknown: the task's last one and any launch cut off
     * before it began (an execution left {@code STARTING}, which the task never recorded and which Spring Batch would
     * take for a run still going).
     */
    void abandon(Task task) {
        abandon(TaskJobs.instance(jobRepository, task.category(), task.action(), task.id()));
    }

    /** Every execution of the job instance (none when null) still recorded as running or unknown, marked failed. */
    public void abandon(JobInstance instance) {
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
