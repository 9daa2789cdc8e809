package io.batchworks.engine.recovery;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.DatabaseOutages;
import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Timers;
import io.batchworks.engine.cluster.Nodes;
import io.batchworks.engine.tasks.Task;
import io.batchworks.engine.tasks.TaskFiles;
import io.batchworks.engine.tasks.TaskLifecycle;
import io.batchworks.engine.tasks.TaskRunner;
import io.batchworks.engine.tasks.TaskStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Resumes this node's tasks that were cut off, each from its last committed chunk, so no row is lost or applied
 * twice: at start (the node crashed, or was killed) and then every {@code batchworks.recovery.interval}, for tasks of
 * every type:
 * <ul>
 *   <li>a task recorded as executing here with no run on this node's threads: the node crashed, or lost the
 *       database before it could record the run's end;</li>
 *   <li>a task that a fault which passes (a lost connection, a database outage, a write conflict) ended
 *       {@code internal_error}, once its back-off has passed.</li>
 * </ul>
 * With {@code batchworks.task-files=database} it also takes over the same tasks of nodes that are dead (stopped, or
 * silent for {@code batchworks.cluster.dead-after}): their files are in the database, so this node can go on with
 * them. A claim is a compare-and-set on the task's row, so of several live nodes one takes each task. With local
 * files a dead node's tasks wait for it to start again.
 * While the database is unreachable nothing can be read, so the look is simply tried again at the next interval.
 */
@Component
@Order(10)
class TaskRecovery implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRecovery.class);

    private final TaskStore tasks;
    private final TaskFiles files;
    private final Nodes nodes;
    private final TaskRunner runner;
    private final TaskLifecycle lifecycle;
    private final EngineSettings.Recovery settings;
    private final ScheduledExecutorService timer = Timers.daemon("task-recovery");
    private final DatabaseOutages outages;

    TaskRecovery(TaskStore tasks, TaskFiles files, Nodes nodes, TaskRunner runner, TaskLifecycle lifecycle, EngineSettings settings) {
        this.tasks = tasks;
        this.files = files;
        this.nodes = nodes;
        this.runner = runner;
        this.lifecycle = lifecycle;
        this.settings = settings.recovery();
        this.outages = new DatabaseOutages(log, "Task recovery", "it looks again every " + this.settings.interval());
    }

    @Override
    public void run(ApplicationArguments args) {
        look();
        long every = settings.interval().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void look() {
        outages.attempt(() -> {
            recover(runner.node());
            if (files.shared()) {
                for (String dead : nodes.deadOthers()) {
                    recover(dead);
                }
            }
        });
    }

    /** Resumes the cut-off tasks of {@code node}: this one, or a dead one whose tasks this node takes over. */
    private void recover(String node) {
        String from = node.equals(runner.node()) ? "" : " from dead node " + node;
        for (Task task : tasks.executingOn(node)) {
            if (runner.runs(task.id())) {
                continue;
            }
            if (!lifecycle.mayRetry(task)) {
                log.error("Task {} ({}) was cut off again after {} automatic resumes that committed nothing; it waits for a restart",
                        task.id(), task.typeKey(), task.attempts());
                lifecycle.giveUp(task, node);
            } else if (runner.resume(task)) {
                log.info("Resuming task {} ({}){}, cut off after {} rows", task.id(), task.typeKey(), from,
                        task.successCount() + task.failureCount());
            }
        }
        for (Task task : tasks.dueForRetry(node, System.currentTimeMillis())) {
            if (runner.resume(task)) {
                log.info("Resuming task {} ({}){} after a fault, attempt {} of {}", task.id(), task.typeKey(), from, task.attempts() + 1,
                        settings.retries());
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
