package io.batchworks.engine.tasks;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.audit.AuditLog;
import io.batchworks.engine.jobs.PartitionClaims;
import io.batchworks.engine.tasks.TaskStatus.Move;
import io.batchworks.plugin.ApiException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Performs every change of a task's status: each is checked against {@link TaskStatus}'s table, refused in one
 * place with one message when the table does not allow it, and done as a compare-and-set in {@code bw_task}, so
 * that of two requests or nodes moving one task only one wins, with its audit record and the event webhooks tell of it
 * ({@link TaskNotices}) in the same transaction. It also says what a Spring Batch job's end means for the task.
 */
@Component
public class TaskLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskLifecycle.class);
    private static final long STOP_WAIT_MS = 10_000;

    private final PartitionClaims claims;
    private final TaskQueue queue;
    private final TaskQuotas quotas;
    private final TaskStore tasks;
    private final JobRepository jobRepository;
    private final TaskMetrics metrics;
    private final AuditLog audit;
    private final EngineSettings.Recovery recovery;
    private final DataDisk disk;
    private final LeftRuns leftRuns;
    private final TaskNotices notices;
    /** A change and its audit record commit together: neither is kept without the other, and they cost one commit. */
    private final TransactionTemplate withItsRecord;

    TaskLifecycle(TaskStore tasks, JobRepository jobRepository, TaskMetrics metrics, AuditLog audit, EngineSettings settings,
                  PartitionClaims claims, PlatformTransactionManager transactions, DataDisk disk, TaskNotices notices, TaskQueue queue,
                  TaskQuotas quotas) {
        this.quotas = quotas;
        this.queue = queue;
        this.disk = disk;
        this.notices = notices;
        this.leftRuns = new LeftRuns(jobRepository);
        this.withItsRecord = new TransactionTemplate(transactions);
        this.tasks = tasks;
        this.claims = claims;
        this.recovery = settings.recovery();
        this.jobRepository = jobRepository;
        this.metrics = metrics;
        this.audit = audit;
    }

    /**
     * A new task, {@code pending}, whose input has {@code fileBytes}; 429 (and nothing made) over a quota of its account.
     */
    public void create(Task task, long fileBytes) {
        withItsRecord.executeWithoutResult(t -> {
            quotas.check(task.accountId(), fileBytes, true);
            tasks.insert(task, fileBytes);
            audited("create", task, task.category() + "/" + task.action());
        });
        metrics.created(task);
    }

    /**
     * Start or restart ({@code PATCH}): the task waits in its account's queue for a slot, {@code node} being the node
     * that must run it (null: any); 409 when it may not run, or waits already.
     */
    public Task queue(Task task, String node) {
        Move move = task.status() == TaskStatus.PENDING ? Move.START : Move.RESTART;
        require(task, move);
        if (task.queued() != null || lastRunCompleted(task)) {
            throw move.refusal(task, task.queued() != null ? "it waits for a slot already" : "its last run completed");
        }
        if (!changedWithItsRecord(() -> queue.enqueue(task, node),
                () -> audited(move == Move.START ? "start" : "restart", task, "queued, priority " + task.priority().wire()))) {
            throw move.refusal(current(task), "another request moved it first");
        }
        return current(task);
    }

    /**
     * Runs a queued task on {@code node} if its account's running tasks leave room for its {@code weight} under
     * {@code limit} (0: none), across every node. What a fault left of its last run is marked failed first.
     *
     * @return false when its account is at its limit, or another node took the task first
     */
    boolean dispatch(Task queued, String node, int weight, int limit) {
        return changedWithItsRecord(() -> queue.claim(queued, node, weight, limit), () -> {
            leftRuns.abandon(queued); // not audited: the start that queued it was, and the run shows when it began
            notices.started(queued.id());
        });
    }

    /**
     * Takes over a task exactly as it was read ({@code seen}) to run it on {@code node}: this node's own after a
     * crash or a fault, or a stalled one. A job execution that a dead node or a lost database left running or
     * unknown is marked failed, so the job restarts from its last committed chunk.
     *
     * @return false when the task may not be resumed, or another node took it first
     */
    public boolean resume(Task seen, String node) {
        if (!seen.status().allows(Move.RESUME)) {
            return false;
        }
        return changedWithItsRecord(() -> tasks.reclaim(seen, node), () -> {
            leftRuns.abandon(seen);
            audited("resume", seen, "was " + seen.status().wire() + " on " + seen.node() + ", now on " + node);
            notices.started(seen.id());
        });
    }

    /**
     * Asks a running task to stop at its next chunk boundary, and, if {@code wait}, waits a little for it to get there; a
     * task queued for a slot leaves the queue, stopped.
     *
     * @return the task as it then is: stopped, or still executing if its chunk is slow (or not waited for)
     */
    public Task stop(Task task, boolean wait) throws InterruptedException {
        require(task, Move.STOP);
        if (task.status() == TaskStatus.PENDING) { // only a task queued for a slot: taken out of the queue
            if (task.queued() == null || !changedWithItsRecord(() -> queue.unqueue(task.id()), () -> audited("stop", task, "queued"))) {
                throw Move.STOP.refusal(current(task), task.queued() == null ? "it was not started" : "it left the queue meanwhile");
            }
            return current(task);
        }
        JobExecution execution = task.jobExecutionId() == null ? null : jobRepository.getJobExecution(task.jobExecutionId());
        if (execution == null) {
            throw Move.STOP.refusal(task, "its job has not begun yet");
        }
        withItsRecord.executeWithoutResult(t -> {
            stopAtChunkBoundary(execution);
            audited("stop", task, null);
        });
        Task now = current(task);
        for (long deadline = System.currentTimeMillis() + (wait ? STOP_WAIT_MS : 0); now.status() == TaskStatus.EXECUTING
                && System.currentTimeMillis() < deadline; now = current(task)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return now;
    }

    /** Shutting down: the task's run here stops at its next chunk boundary, still executing here, resumed at start. */
    public void pauseForShutdown(String taskId) {
        tasks.find(taskId).map(Task::jobExecutionId).map(jobRepository::getJobExecution).ifPresent(this::stopAtChunkBoundary);
    }

    private void stopAtChunkBoundary(JobExecution execution) {
        if (execution.isRunning()) {
            // Not JobOperator.stop: it closes a running step's reader mid-chunk and loses its position.
            execution.setStatus(BatchStatus.STOPPING);
            jobRepository.update(execution);
        }
    }

    /** A run began: its job execution, and where the counts stood (for rows per second). */
    public void began(String taskId, JobExecution execution) {
        tasks.runStarted(taskId, execution.getId());
    }

    /**
     * Records how a run's job ended: completed is {@code success}, {@code partial} or {@code failure} by the rows'
     * outcomes; stopped is {@code stopped}; anything else {@code internal_error}.
     *
     * @param node        the node the run was on: a node that lost the task to another does not end it
     * @param countsTotal the task's total is the rows it counted (an export's or a source query's rows are known once
     *                    it has run)
     */
    public TaskStatus finish(String taskId, String node, JobExecution execution, boolean countsTotal) {
        Task done = tasks.find(taskId).orElseThrow();
        RunOutcome outcome = RunOutcome.of(done, execution, disk);
        TaskStatus status = outcome.status();
        Long total = countsTotal && execution.getStatus() == BatchStatus.COMPLETED ? done.successCount() + done.failureCount() : null;
        end(taskId, node, status, total, status == TaskStatus.INTERNAL_ERROR ? retryAt(done, outcome.passing()) : null);
        LocalDateTime started = execution.getStartTime();
        metrics.finished(done, status, started == null ? Duration.ZERO : Duration.between(started, LocalDateTime.now()));
        return status;
    }

    /**
     * A run on {@code node} that could not run its job at all: {@code internal_error}, resumed by recovery when the
     * cause goes away by itself, restarted by an operator otherwise.
     */
    public void fail(String taskId, String node, Throwable cause) {
        Task task = tasks.find(taskId).orElseThrow();
        boolean diskFull = cause != null && disk.filled(cause);
        if (diskFull) {
            log.error("Task {}: {}", taskId, disk.reason());
        }
        end(taskId, node, TaskStatus.INTERNAL_ERROR, null, retryAt(task, diskFull || cause != null && Faults.isTransient(cause)));
    }

    /**
     * Leaves a task that recovery found cut off (executing on this node with no run here) {@code internal_error}
     * for an operator: it was resumed {@code batchworks.recovery.retries} times in a row without committing a chunk.
     */
    public void giveUp(Task seen, String node) {
        changedWithItsRecord(() -> tasks.finish(seen.id(), node, TaskStatus.INTERNAL_ERROR, null, null), () -> {
            audited("give_up", seen, seen.attempts() + " automatic resumes in a row committed nothing");
            notices.ended(seen.id(), null);
        });
    }

    /** Whether recovery may resume it again: fewer than {@code batchworks.recovery.retries} fruitless attempts. */
    public boolean mayRetry(Task task) {
        return task.attempts() < recovery.retries();
    }

    /** Deletes the task's record; 409 while it executes. */
    public void delete(Task task) {
        require(task, Move.DELETE);
        if (!changedWithItsRecord(() -> tasks.delete(task.id(), Move.DELETE.fromNames()), () -> {
            claims.forget(task.id());
            audited("delete", task, null);
        })) {
            throw Move.DELETE.refusal(current(task), "another request moved it first");
        }
    }

    /**
     * Ends a waiting task {@code failure} without running it, with {@code alongside} (its reason kept) and its audit
     * record in the same transaction: a task it waited for ended otherwise.
     *
     * @return false when it was no longer pending (started, deleted, or forgone by another node)
     */
    public boolean forgo(Task task, String reason, Runnable alongside) {
        return task.status().allows(Move.FORGO) && changedWithItsRecord(() -> tasks.forgo(task.id()), () -> {
            alongside.run();
            audited("forgo", task, reason);
            notices.ended(task.id(), reason);
        });
    }

    /**
     * A compare-and-set on the task's record and, when it took, what goes with it (its audit record among them), in
     * one transaction.
     *
     * @return whether the change took
     */
    private boolean changedWithItsRecord(BooleanSupplier change, Runnable withIt) {
        return Boolean.TRUE.equals(withItsRecord.execute(t -> {
            if (!change.getAsBoolean()) {
                return false;
            }
            withIt.run();
            return true;
        }));
    }

    private void audited(String action, Task task, String detail) {
        audit.record(action, "task", task.id(), task.accountId(), detail);
    }

    private void end(String taskId, String node, TaskStatus status, Long total, Long retryAt) {
        if (!changedWithItsRecord(() -> tasks.finish(taskId, node, status, total, retryAt), () -> notices.ended(taskId, null))) {
            log.warn("Task {} was no longer executing on {} when its run there ended as {}", taskId, node, status);
        } else if (retryAt != null) {
            log.warn("Task {} was cut off by a fault that should pass; resuming it in {} ms", taskId, retryAt - System.currentTimeMillis());
        }
    }

    /** When recovery is to resume a run that a fault ended: null when the fault would happen again, or it has tried enough. */
    private Long retryAt(Task task, boolean passing) {
        if (!passing || !mayRetry(task)) {
            return null;
        }
        return System.currentTimeMillis() + recovery.delay(task.attempts()).toMillis();
    }

    private boolean lastRunCompleted(Task task) {
        if (task.jobExecutionId() == null) {
            return false;
        }
        JobExecution last = jobRepository.getJobExecution(task.jobExecutionId());
        return last != null && last.getStatus() == BatchStatus.COMPLETED;
    }

    private Task current(Task task) {
        return tasks.find(task.id()).orElseThrow(() -> ApiException.notFound("task_id", task.id()));
    }

    private static void require(Task task, Move move) {
        if (!task.status().allows(move)) {
            throw move.refusal(task, null);
        }
    }
}
