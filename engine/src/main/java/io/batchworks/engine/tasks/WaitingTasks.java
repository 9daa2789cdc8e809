package io.batchworks.engine.tasks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.Timers;
import io.batchworks.plugin.ApiException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Settles the tasks that wait for others ({@link TaskWaits}), on every node, every second: a waiting task starts once
 * every task it waits for has ended in a status its {@code after_status} accepts, and ends {@code failure} without
 * running, its reason naming the task, once one of them has ended otherwise or was deleted. A task waited for that is
 * stopped or {@code internal_error} may yet be restarted, so its waiting tasks wait on. A start and an end are each a
 * compare-and-set on the task's row, so of the nodes that settle at once one does each; the waits are in the database,
 * so they outlive restarts and the death of any node.
 */
@Component
class WaitingTasks implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WaitingTasks.class);
    private static final long EVERY_MS = 1_000;

    private final TaskWaits waits;
    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TaskDispatcher dispatcher;
    private final TaskFiles files;
    private final ScheduledExecutorService timer = Timers.daemon("waiting-tasks");

    WaitingTasks(TaskWaits waits, TaskStore tasks, TaskLifecycle lifecycle, TaskDispatcher dispatcher, TaskFiles files) {
        this.waits = waits;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.files = files;
    }

    @Override
    public void run(ApplicationArguments args) {
        timer.scheduleWithFixedDelay(this::settleQuietly, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void settleQuietly() {
        try {
            settle();
        } catch (DataAccessException e) {
            log.warn("Waiting tasks cannot be settled now ({}); trying again in a second", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Settling the waiting tasks failed; trying again in a second", e);
        }
    }

    /** One look at every waiting task. */
    void settle() {
        for (Map.Entry<String, List<TaskWaits.Waited>> waiting : waits.pending().entrySet()) {
            String unmet = unmet(waiting.getValue());
            boolean ready = unmet == null && waiting.getValue().stream()
                    .allMatch(w -> TaskWaits.AfterStatus.ENDED.contains(w.status()));
            if (unmet == null && !ready) {
                continue;
            }
            Task task = tasks.find(waiting.getKey()).orElse(null);
            if (task == null || task.status() != TaskStatus.PENDING) {
                continue;
            }
            if (unmet != null) {
                if (lifecycle.forgo(task, unmet, () -> waits.keepReason(task.id(), unmet))) {
                    log.info("Task {} ends failure without running: {}", task.id(), unmet);
                }
            } else if (task.fileName() == null || files.exists(task.id(), TaskFiles.IN)) { // local input: its node starts it
                start(task);
            }
        }
    }

    private void start(Task task) {
        try {
            dispatcher.start(task);
            log.info("Task {} starts: every task it waited for has ended", task.id());
        } catch (ApiException taken) { // another node started it first, or its type is not loaded here
            log.debug("Task {} not started here: {}", task.id(), taken.getMessage());
        }
    }

    /** Why the waiting task can never run, or {@code null} while it may. */
    private static String unmet(List<TaskWaits.Waited> waited) {
        for (TaskWaits.Waited w : waited) {
            if (w.status() == null) {
                return "task " + w.afterId() + " it waited for was deleted";
            }
            if (TaskWaits.AfterStatus.ENDED.contains(w.status()) && !w.afterStatus().matching.contains(w.status())) {
                return "task " + w.afterId() + " it waited for ended " + w.status().wire() + ", not "
                        + w.afterStatus().wire().replace('_', ' ');
            }
        }
        return null;
    }
}
