package io.batchworks.engine.recovery;

import io.batchworks.engine.tasks.Task;
import io.batchworks.engine.tasks.TaskRunner;
import io.batchworks.engine.tasks.TaskStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start, resumes the tasks this node was executing when it stopped (a crash, {@code kill -9}): each restarts
 * from its last committed chunk, so no row is lost or applied twice. Only tasks last changed before this process
 * began count: a plugin's periodic recovery may already have taken a stalled task over for this node while the
 * engine was starting, and that run is this process's own.
 */
@Component
@Order(10)
class TaskRecovery implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRecovery.class);

    private final TaskStore tasks;
    private final TaskRunner runner;
    /** Before the scheduler starts: built with the context, which starts Quartz only once refreshed. */
    private final long processStart = System.currentTimeMillis();

    TaskRecovery(TaskStore tasks, TaskRunner runner) {
        this.tasks = tasks;
        this.runner = runner;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Task task : tasks.executingOn(runner.node())) {
            if (task.modified() < processStart && runner.resume(task)) {
                log.info("Resuming task {} ({}) after {} rows", task.id(), task.typeKey(), task.successCount() + task.failureCount());
            }
        }
    }
}
