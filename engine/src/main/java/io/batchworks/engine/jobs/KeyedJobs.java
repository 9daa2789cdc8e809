package io.batchworks.engine.jobs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.jobs.Jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import io.micrometer.observation.ObservationRegistry;

/**
 * {@link Jobs} on Spring Batch: the key is the job's identifying parameters, so the job repository's unique job
 * instance and its check for a running execution (in a serializable transaction) make a key run to completion at
 * most once, across nodes. The steps' shared context lives in the job's execution context.
 */
@Component
class KeyedJobs implements Jobs {

    private static final Logger log = LoggerFactory.getLogger(KeyedJobs.class);
    private static final String SHARED = "shared";

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final PlatformTransactionManager transactions;
    private final ObservationRegistry observations;

    KeyedJobs(JobRepository jobRepository, JobOperator jobOperator, PlatformTransactionManager transactions,
              ObservationRegistry observations) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.transactions = transactions;
        this.observations = observations;
    }

    @Override
    public Run runOnce(String name, Map<String, String> key, List<Jobs.Step> steps) {
        JobParametersBuilder builder = new JobParametersBuilder();
        key.forEach((k, v) -> builder.addString(k, v, true));
        JobParameters params = builder.toJobParameters();
        JobExecution last = jobRepository.getLastJobExecution(name, params);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            return new Run(Outcome.ALREADY_COMPLETED, null);
        }
        if (last != null && last.isRunning()) {
            return new Run(Outcome.ALREADY_RUNNING, null);
        }
        try {
            JobExecution execution = jobOperator.start(job(name, steps), params);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                return new Run(Outcome.COMPLETED, null);
            }
            List<Throwable> failures = execution.getAllFailureExceptions();
            return new Run(Outcome.FAILED, failures.isEmpty() ? execution.getExitStatus().getExitDescription() : message(failures.get(0)));
        } catch (JobInstanceAlreadyCompleteException e) {
            return new Run(Outcome.ALREADY_COMPLETED, null);
        } catch (JobExecutionAlreadyRunningException | DataAccessException e) {
            // another node created the execution first: its serializable transaction won
            log.debug("Job {} {} is running elsewhere", name, key, e);
            return new Run(Outcome.ALREADY_RUNNING, null);
        } catch (Exception e) {
            return new Run(Outcome.FAILED, message(e));
        }
    }

    private Job job(String name, List<Jobs.Step> steps) {
        SimpleJobBuilder job = null;
        for (Jobs.Step step : steps) {
            org.springframework.batch.core.step.Step built = new StepBuilder(step.name(), jobRepository)
                    .observationRegistry(observations)
                    .tasklet((contribution, chunk) -> {
                        ExecutionContext jobContext = chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
                        @SuppressWarnings("unchecked")
                        Map<String, String> shared = jobContext.containsKey(SHARED)
                                ? new HashMap<>((Map<String, String>) jobContext.get(SHARED)) : new HashMap<>();
                        step.work().run(shared);
                        jobContext.put(SHARED, shared);
                        return RepeatStatus.FINISHED;
                    }, transactions)
                    // a run again after a failure does every step again: its data may have changed since
                    .allowStartIfComplete(true)
                    .build();
            job = job == null ? new JobBuilder(name, jobRepository).observationRegistry(observations).start(built) : job.next(built);
        }
        if (job == null) {
            throw new IllegalArgumentException("a job needs at least one step");
        }
        return job.build();
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
