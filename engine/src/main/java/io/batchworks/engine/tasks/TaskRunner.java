package io.batchworks.engine.tasks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.jobs.Progress;
import io.batchworks.engine.jobs.TaskJobs;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.plugins.RegisteredTaskType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Runs tasks as Spring Batch jobs on this node's task threads, one per slot: a task the {@link TaskDispatcher} took
 * from the queue (a start, or a restart from the last committed chunk), or a resume after a crash, each once
 * {@link TaskLifecycle} has moved the task; the job's end goes back to it.
 */
@Component
// Shut down before the node is marked stopped (cluster.Nodes): other nodes take over its tasks only once its runs paused.
@DependsOn("nodes")
public class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final int LAUNCH_ATTEMPTS = 5;
    /** How long a graceful shutdown waits for the runs here to reach a chunk boundary. */
    private static final long SHUTDOWN_WAIT_S = 15;

    private final TaskStore tasks;
    private final TaskFiles files;
    private final TaskLifecycle lifecycle;
    private final TaskJobs jobs;
    private final PluginCatalogue plugins;
    private final JobOperator jobOperator;
    private final LeftRuns leftRuns;
    private final String node;
    private final ExecutorService threads;
    private final TaskMetrics metrics;
    private final RunsHere runs = new RunsHere();
    private volatile Runnable runEnded = () -> { };
    /** A graceful shutdown is under way: a run that stops now is paused for the next start, not ended. */
    private volatile boolean draining;

    TaskRunner(TaskStore tasks, TaskFiles files, TaskLifecycle lifecycle, TaskJobs jobs, PluginCatalogue plugins,
               JobOperator jobOperator, JobRepository jobRepository, EngineSettings settings, TaskMetrics metrics) {
        this.leftRuns = new LeftRuns(jobRepository);
        this.tasks = tasks;
        this.metrics = metrics;
        this.files = files;
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.plugins = plugins;
        this.jobOperator = jobOperator;
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

    /**
     * Whether a run of the task is on this node's threads, or about to be: a task recorded as executing here that is
     * not was cut off (the node crashed, or lost the database before it could record the run's end).
     */
    public boolean runs(String taskId) {
        return runs.has(taskId);
    }

    /**
     * Claims a task for this node with {@code claim} (which records it executing here: a dispatch from the queue, or a
     * resume) and runs it, holding {@code slots} of this node's slots until its run ends. The run counts as on this
     * node's threads from before the claim, so recovery, which resumes a task recorded as executing here with no run,
     * never takes one being claimed.
     *
     * @return false when the claim failed: nothing runs
     */
    boolean claimAndRun(Task task, int slots, BooleanSupplier claim) {
        runs.add(task.id());
        boolean launched = false;
        try {
            if (claim.getAsBoolean()) {
                runs.hold(task.id(), slots);
                launch(task, plugins.taskType(task.category(), task.action()).orElse(null));
                launched = true;
            }
            return launched;
        } finally {
            if (!launched) {
                runs.remove(task.id()); // no run began, so none ended: no slot freed to fill
            }
        }
    }

    /** How many of this node's slots its runs hold now. */
    int busySlots() {
        return runs.busySlots();
    }

    /** What to do each time a run here ends: a slot is free. */
    void whenRunEnds(Runnable action) {
        this.runEnded = action;
    }

    /**
     * Resumes a task as it was read ({@code seen}): this node's own after a crash or a fault, or a stalled one, from
     * its last committed chunk, without waiting in the queue (it held a slot when it was cut off). When several nodes
     * try at once, only one resumes it.
     *
     * @return false when another node claimed the task first
     */
    public boolean resume(Task seen) {
        return claimAndRun(seen, 1, () -> lifecycle.resume(seen, node));
    }

    /**
     * Runs the task's job on a task thread; the run's count here ends with it (or with the exception, if refused). A
     * type that is not loaded (null) ends the task {@code internal_error}.
     */
    private void launch(Task task, RegisteredTaskType registered) {
        threads.execute(() -> {
            try {
                RegisteredTaskType type = registered;
                if (type == null || !type.jar().acquire()) {
                    // the plugin version was unloaded since the task was looked up: run on the version serving now
                    type = plugins.taskType(task.category(), task.action()).filter(t -> t.jar().acquire()).orElse(null);
                    if (type == null) {
                        log.error("Task {} could not run: its type {} is no longer loaded", task.id(), task.typeKey());
                        ended(task.id(), null);
                        return;
                    }
                }
                try {
                    run(task, type);
                } finally {
                    type.jar().release();
                }
            } finally {
                counted(task.id());
            }
        });
    }

    /**
     * Runs the task's job on this thread. Creating the job's execution can fail on a transient conflict (on HSQLDB two
     * executions created at the same instant collide on Spring Batch's id table; on PostgreSQL many launches at once
     * fail to serialize) or a lost connection: nothing has run yet then, so the launch is tried again a few times before
     * the task is given up as an internal error (which recovery resumes when the fault passes). A failure after such a
     * fault is taken for its consequence (a run the fault left, which Spring Batch takes for one still going). A
     * plugin's failure, even an {@link Error} such as a missing class, ends the task as an internal error, never the
     * engine.
     */
    private void run(Task task, RegisteredTaskType type) {
        JobParameters params = TaskJobs.params(task.id());
        Throwable fault = null; // the first passing fault of an earlier attempt
        for (int attempt = 1; ; attempt++) {
            Completion completion = new Completion(task.id(), type.type().expectedContent() == null);
            try {
                Job job = jobs.job(task.info(), type.type(), files.file(task.id(), TaskFiles.IN), files.file(task.id(), TaskFiles.OUT),
                        progress(task), completion);
                leftRuns.forgetUnlaunched(job.getName(), params); // left by a launch cut off here or on another run of the task
                if (fault != null) {
                    leftRuns.abandonIfReachable(task); // an earlier attempt's, which Spring Batch takes for a run going on
                }
                jobOperator.start(job, params);
                return;
            } catch (Exception | LinkageError | AssertionError e) {
                if (fault != null) {
                    e.addSuppressed(fault); // a failure that follows a fault (such as a run left by it) passes with it
                } else if (e instanceof DataAccessException || Faults.isTransient(e)) {
                    fault = e;
                }
                if (!completion.began && attempt < LAUNCH_ATTEMPTS && fault != null) {
                    log.debug("Task {}: launch attempt {} failed, trying again", task.id(), attempt, e);
                    try {
                        TimeUnit.MILLISECONDS.sleep(50L * attempt);
                        continue;
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                log.error("Task {} could not run", task.id(), e);
                ended(task.id(), e);
                return;
            }
        }
    }

    /** Each committed chunk's counts: into the task's record, and what they add to the row meters. */
    Progress progress(Task task) {
        return (success, failure) -> {
            tasks.progress(task.id(), success, failure);
            metrics.rows(task, success, failure);
        };
    }

    /**
     * Records that a run of the task here ended without its job's own end, {@code internal_error}. Without the
     * database that cannot be recorded: the task then stays executing here, and recovery resumes it once the
     * database is back.
     */
    private void ended(String taskId, Throwable cause) {
        try {
            lifecycle.fail(taskId, node, cause);
        } catch (DataAccessException | TransactionException e) {
            log.warn("Task {}: its end cannot be recorded ({}); recovery resumes it once the database answers", taskId, e.getMessage());
        }
    }

    /** One run of the task fewer here; its end frees a slot for the queue once it has none left. */
    private void counted(String taskId) {
        if (runs.remove(taskId) && !draining) {
            runEnded.run();
        }
    }

    /**
     * A graceful shutdown (SIGTERM): each run here stops at its next chunk boundary, and its task stays executing on
     * this node, which resumes it at its next start. Runs that do not get there in time are cut off as by a crash.
     */
    @PreDestroy
    void shutdown() throws InterruptedException {
        draining = true;
        for (String taskId : runs.tasks()) {
            try {
                lifecycle.pauseForShutdown(taskId);
            } catch (RuntimeException e) {
                log.warn("Task {} could not be asked to stop for the shutdown: {}", taskId, e.toString());
            }
        }
        threads.shutdown();
        if (!threads.awaitTermination(SHUTDOWN_WAIT_S, TimeUnit.SECONDS)) {
            log.warn("Tasks {} did not reach a chunk boundary in {} s; they resume from their last committed chunk", runs.tasks(),
                    SHUTDOWN_WAIT_S);
            threads.shutdownNow();
        }
    }

    /** Keeps the task's record in step with its job's start and end. */
    private final class Completion implements JobExecutionListener {
        private final String taskId;
        private final boolean countsTotal;
        /** The job's execution exists and has begun. */
        private volatile boolean began;

        Completion(String taskId, boolean countsTotal) {
            this.taskId = taskId;
            this.countsTotal = countsTotal;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            began = true;
            lifecycle.began(taskId, execution);
        }

        @Override
        public void afterJob(JobExecution execution) {
            if (draining && execution.getStatus() == BatchStatus.STOPPED) {
                log.info("Task {} paused at a chunk boundary for the shutdown; it resumes at the next start", taskId);
                return;
            }
            lifecycle.finish(taskId, node, execution, countsTotal);
            tasks.fileBytes(taskId, files.bytes(taskId)); // its output too counts against its account's quota
        }
    }
}
