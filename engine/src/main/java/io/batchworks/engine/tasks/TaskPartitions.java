package io.batchworks.engine.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.batchworks.engine.jobs.TaskJobs;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.plugins.RegisteredTaskType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.stereotype.Component;

/**
 * The partition steps that a node taking partitions from the broker runs, for any node's tasks: a request names its
 * step {@code task:<id>}, and the step is built from that task's type, files and counts, with its plugin's JAR held
 * while it runs.
 */
@Component
public class TaskPartitions implements StepLocator {

    private static final Logger log = LoggerFactory.getLogger(TaskPartitions.class);

    private static final String PREFIX = "task:";

    private final TaskStore tasks;
    private final TaskFiles files;
    private final TaskJobs jobs;
    private final PluginCatalogue plugins;
    private final TaskRunner runner;

    TaskPartitions(TaskStore tasks, TaskFiles files, TaskJobs jobs, PluginCatalogue plugins, TaskRunner runner) {
        this.tasks = tasks;
        this.files = files;
        this.jobs = jobs;
        this.plugins = plugins;
        this.runner = runner;
    }

    /** The name a request gives the partition steps of a task. */
    public static String stepName(String taskId) {
        return PREFIX + taskId;
    }

    /** The task whose partition steps a request names: null for a name not given by {@link #stepName}. */
    public static String taskId(String stepName) {
        return stepName.startsWith(PREFIX) ? stepName.substring(PREFIX.length()) : null;
    }

    @Override
    public Step getStep(String stepName) {
        String taskId = taskId(stepName);
        Task task = taskId == null ? null : tasks.find(taskId).orElse(null);
        if (task == null) {
            return null; // deleted since: the request is refused
        }
        return new Step() {
            @Override
            public String getName() {
                return stepName;
            }

            @Override
            public void execute(StepExecution execution) throws JobInterruptedException {
                RegisteredTaskType type = plugins.taskType(task.category(), task.action()).filter(t -> t.jar().acquire())
                        .orElseThrow(() -> new IllegalStateException("task type " + task.typeKey() + " is not loaded on this node"));
                try {
                    jobs.partition(task.info(), type.type(), files.file(task.id(), TaskFiles.IN), files.file(task.id(), TaskFiles.OUT),
                            runner.progress(task)).execute(execution);
                } catch (IOException e) {
                    log.error("Partition {} of task {} could not begin", execution.getStepName(), task.id(), e);
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    log.error("Partition {} of task {} could not begin", execution.getStepName(), task.id(), e);
                    throw e;
                } finally {
                    type.jar().release();
                }
            }
        };
    }
}
