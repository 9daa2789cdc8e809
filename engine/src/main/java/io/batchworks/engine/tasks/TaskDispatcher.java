package io.batchworks.engine.tasks;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.DatabaseOutages;
import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Timers;
import io.batchworks.engine.accounts.AccountLimits;
import io.batchworks.engine.jobs.TaskJobs;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.plugin.ApiException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Fair dispatch. A started task waits in its account's queue ({@link TaskQueue}); whenever this node may have a free
 * slot (a task was queued, a run here ended, and every {@code batchworks.dispatch.interval} for what other nodes
 * freed), the accounts with tasks waiting are served in turn, the one whose last slot is oldest first, each with the
 * next task of its own queue by priority. A task runs only if its account stays within its limit across every node
 * ({@code batchworks.dispatch.account-limit}, or the account's own {@code task_limits.max_running}), checked in the
 * transaction that claims it. A run is
 * never pre-empted: fairness acts when slots free.
 */
@Component
@Order(20) // after recovery has resumed this node's cut-off runs, which hold their slots again
public class TaskDispatcher implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskDispatcher.class);
    /** The accounts looked at in one turn, the first in turn order. */
    private static final int ACCOUNTS_AT_ONCE = 50;

    private final TaskQueue queue;
    private final TaskLifecycle lifecycle;
    private final TaskRunner runner;
    private final TaskStore tasks;
    private final TaskFiles files;
    private final PluginCatalogue plugins;
    private final TaskJobs jobs;
    private final TaskMetrics metrics;
    private final AccountLimits limits;
    private final int slots;
    private final EngineSettings.Dispatch settings;
    private final ScheduledExecutorService timer = Timers.daemon("task-dispatch");
    private final DatabaseOutages outages;

    TaskDispatcher(TaskQueue queue, TaskLifecycle lifecycle, TaskRunner runner, TaskStore tasks, TaskFiles files,
                   PluginCatalogue plugins, TaskJobs jobs, TaskMetrics metrics, EngineSettings settings, AccountLimits limits) {
        this.limits = limits;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.runner = runner;
        this.tasks = tasks;
        this.files = files;
        this.plugins = plugins;
        this.jobs = jobs;
        this.metrics = metrics;
        this.slots = Math.max(1, settings.taskThreads());
        this.settings = settings.dispatch();
        this.outages = new DatabaseOutages(log, "The dispatcher", "queued tasks wait; it looks again within " + this.settings.interval());
        runner.whenRunEnds(() -> timer.execute(this::dispatchQuietly));
    }

    @Override
    public void run(ApplicationArguments args) {
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            dispatchQuietly();
            try {
                metrics.waiting(queue.waitingByAccount());
            } catch (DataAccessException e) {
                log.debug("The queue's meters wait for the database: {}", e.getMessage());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /**
     * Start, or restart from the last committed chunk: the task joins its account's queue (to be run by this node if
     * its files are this node's alone) and runs at once if a slot is free here and its turn has come.
     *
     * @return the task as it now is: executing, or pending and queued
     */
    public Task start(Task task) {
        plugins.taskType(task.category(), task.action())
                .orElseThrow(() -> new ApiException(409, "task type is no longer loaded", Map.of("task", task.typeKey())));
        lifecycle.queue(task, files.shared() ? null : runner.node());
        dispatchQuietly();
        return tasks.find(task.id()).orElseThrow(() -> ApiException.notFound("task_id", task.id()));
    }

    private void dispatchQuietly() {
        outages.attempt(this::dispatch);
    }

    /** Fills this node's free slots from the queue, one task at a time, the turn order read again after each. */
    synchronized void dispatch() {
        int free = slots - runner.busySlots();
        while (free > 0) {
            int took = takeOne(free);
            if (took == 0) {
                return;
            }
            free -= took;
        }
    }

    /** Runs the next task whose turn it is and whose account has room: the slots it took here, 0 if none could run. */
    private int takeOne(int free) {
        for (String account : queue.accountsInTurn(runner.node(), ACCOUNTS_AT_ONCE)) {
            Optional<Task> next = queue.next(account, runner.node()).flatMap(tasks::find);
            RegisteredTaskType type = next.flatMap(t -> plugins.taskType(t.category(), t.action())).orElse(null);
            if (type == null) {
                continue; // taken meanwhile, or its type is not loaded on this node
            }
            Task task = next.get();
            int partitions = jobs.partitions(type.type());
            int limit = limits.effective(account).maxRunning();
            int weight = limit > 0 ? Math.min(partitions, limit) : partitions;
            int held = jobs.splitsHere() ? Math.min(partitions, free) : 1;
            if (runner.claimAndRun(task, held, () -> lifecycle.dispatch(task, runner.node(), weight, limit))) {
                metrics.waited(task, Duration.ofMillis(Math.max(0, System.currentTimeMillis() - task.queued())));
                return held;
            }
        }
        return 0;
    }
}
