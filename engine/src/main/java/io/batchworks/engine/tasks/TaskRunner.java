package io.batchworks.engine.tasks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.plugins.PluginRegistry;
import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.plugin.ApiException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs tasks as Spring Batch jobs on this node's task threads: start, stop at the next chunk boundary,
 * restart from the last committed chunk, and the task's final status when its job ends.
 */
@Component
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    /** Statuses from which PATCH (re)starts a task. */
    private static final int LAUNCH_ATTEMPTS = 5;
    private static final List<String> STARTABLE = List.of(Task.PENDING, Task.STOPPED, Task.INTERNAL_ERROR, Task.FAILURE);

    private final TaskStore tasks;
    private final TaskJobs jobs;
    private final PluginRegistry plugins;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final String node;
    private final ExecutorService threads;

    TaskRunner(TaskStore tasks, TaskJobs jobs, PluginRegistry plugins, JobOperator jobOperator, JobRepository jobRepository,
               EngineSettings settings) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.plugins = plugins;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.node = settings.node();
        this.threads = Executors.newFixedThreadPool(Math.max(1, settings.taskThreads()), r -> {
            Thread t = new Thread(r, "task-runner");
            t.setDaemon(true);
            return t;
        });
    }

    public String node() {
        return node;
    }

    /** Starts a pending task, or restarts a stopped or crashed one from its last committed chunk. */
    public Task start(Task task) {
        RegisteredTaskType type = plugins.taskType(task.category(), task.action())
                .orElseThrow(() -> new ApiException(409, "task type is no longer loaded", Map.of("task", task.typeKey())));
        if (task.status().equals(Task.EXECUTING)) {
            throw new ApiException(409, "task is already executing", Map.of("id", task.id()));
        }
        if (!STARTABLE.contains(task.status()) || lastRunCompleted(task)) {
            throw new ApiException(409, "task has already run to completion", Map.of("id", task.id(), "status", task.status()));
        }
        if (!tasks.claim(task.id(), node, STARTABLE)) {
            throw new ApiException(409, "task is already executing", Map.of("id", task.id()));
        }
        launch(task, type);
        return tasks.find(task.id()).orElseThrow();
    }

    /**
     * Resumes a task as it was read ({@code seen}): this node's own after a crash, or a stalled one. It is claimed
     * first, so when several nodes try at once only one resumes it; a running job execution left by a dead node is
     * marked failed, then the job restarts from its last committed chunk.
     *
     * @return false when another node claimed the task first
     */
    public boolean resume(Task seen) {
        if (!tasks.reclaim(seen, node)) {
            return false;
        }
        if (seen.jobExecutionId() != null) {
            JobExecution execution = jobRepository.getJobExecution(seen.jobExecutionId());
            if (execution != null && execution.isRunning()) {
                jobOperator.recover(execution);
            }
        }
        plugins.taskType(seen.category(), seen.action()).ifPresentOrElse(type -> launch(seen, type), () -> {
            log.warn("Task {} cannot resume: its type {} is not loaded", seen.id(), seen.typeKey());
            tasks.finish(seen.id(), Task.INTERNAL_ERROR, null);
        });
        return true;
    }

    /** Asks a running task to stop at its next chunk boundary; waits a little for it to get there. */
    public Task stop(Task task) throws InterruptedException {
        if (!task.status().equals(Task.EXECUTING) || task.jobExecutionId() == null) {
            throw new ApiException(409, "task is not executing", Map.of("id", task.id(), "status", task.status()));
        }
        JobExecution execution = jobRepository.getJobExecution(task.jobExecutionId());
        if (execution != null && execution.isRunning()) {
            // Not JobOperator.stop: it closes a running step's reader mid-chunk and loses its position.
            execution.setStatus(BatchStatus.STOPPING);
            jobRepository.update(execution);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        Task current = tasks.find(task.id()).orElseThrow();
        while (current.status().equals(Task.EXECUTING) && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            current = tasks.find(task.id()).orElseThrow();
        }
        return current;
    }

    private boolean lastRunCompleted(Task task) {
        if (task.jobExecutionId() == null) {
            return false;
        }
        JobExecution last = jobRepository.getJobExecution(task.jobExecutionId());
        return last != null && last.getStatus() == BatchStatus.COMPLETED;
    }

    /** Runs the task's job on a task thread. */
    private void launch(Task task, RegisteredTaskType registered) {
        threads.execute(() -> {
            RegisteredTaskType type = registered;
            if (!type.jar().acquire()) {
                // the plugin version was unloaded since the task was looked up: run on the version serving now
                type = plugins.taskType(task.category(), task.action()).filter(t -> t.jar().acquire()).orElse(null);
                if (type == null) {
                    log.error("Task {} could not run: its type {} is no longer loaded", task.id(), task.typeKey());
                    tasks.finish(task.id(), Task.INTERNAL_ERROR, null);
                    return;
                }
            }
            try {
                run(task, type);
            } finally {
                type.jar().release();
            }
        });
    }

    /**
     * Runs the task's job on this thread. Creating the job's execution can fail on a transient conflict (on HSQLDB two
     * executions created at the same instant collide on Spring Batch's id table): nothing has run yet then, so the
     * launch is tried again a few times before the task is given up as an internal error. A plugin's failure, even
     * an {@link Error} such as a missing class, ends the task as an internal error, never the engine.
     */
    private void run(Task task, RegisteredTaskType type) {
        JobParameters params = new JobParametersBuilder().addString("task.id", task.id()).toJobParameters();
        for (int attempt = 1; ; attempt++) {
            Completion completion = new Completion(task, type.type().export() != null);
            try {
                jobOperator.start(jobs.job(task, type, completion), params);
                return;
            } catch (Exception | LinkageError | AssertionError e) {
                if (!completion.began && attempt < LAUNCH_ATTEMPTS && e instanceof DataAccessException) {
                    log.debug("Task {}: launch attempt {} failed, trying again", task.id(), attempt, e);
                    try {
                        TimeUnit.MILLISECONDS.sleep(50L * attempt);
                        continue;
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                log.error("Task {} could not run", task.id(), e);
                tasks.finish(task.id(), Task.INTERNAL_ERROR, null);
                return;
            }
        }
    }

    @PreDestroy
    void shutdown() {
        threads.shutdownNow();
    }

    /** Keeps the task's record in step with its job's start and end. */
    private final class Completion implements JobExecutionListener {
        private final Task task;
        private final boolean export;
        /** The job's execution exists and has begun. */
        private volatile boolean began;

        Completion(Task task, boolean export) {
            this.task = task;
            this.export = export;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            began = true;
            tasks.runStarted(task.id(), execution.getId());
        }

        @Override
        public void afterJob(JobExecution execution) {
            Task done = tasks.find(task.id()).orElseThrow();
            String status = switch (execution.getStatus()) {
                case COMPLETED -> done.failureCount() == 0 ? Task.SUCCESS
                        : done.successCount() == 0 ? Task.FAILURE : Task.PARTIAL;
                case STOPPED, STOPPING -> Task.STOPPED;
                default -> Task.INTERNAL_ERROR;
            };
            if (status.equals(Task.INTERNAL_ERROR)) {
                log.error("Task {} failed: {}", task.id(), execution.getAllFailureExceptions());
            }
            Long total = export && execution.getStatus() == BatchStatus.COMPLETED ? done.successCount() : null;
            tasks.finish(task.id(), status, total);
        }
    }
}
