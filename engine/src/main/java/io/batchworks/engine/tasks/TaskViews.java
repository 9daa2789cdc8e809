package io.batchworks.engine.tasks;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.web.KazooEnvelope;

import io.batchworks.engine.jobs.TaskJobs;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/** Tasks and task types as the Kazoo tasks API shows them. */
final class TaskViews {

    private TaskViews() {
    }

    /** Kazoo's help entry of a task type. */
    static Map<String, Object> help(TaskType type) {
        Map<String, Object> help = new LinkedHashMap<>();
        help.put("description", type.description());
        if (type.doc() != null) {
            help.put("doc", type.doc());
        }
        if (type.expectedContent() != null) {
            help.put("expected_content", type.expectedContent());
        }
        help.put("mandatory", type.mandatory());
        help.put("optional", type.optional());
        return help;
    }

    /** A task's {@code _read_only} object, with live progress while it executes. */
    static Map<String, Object> readOnly(Task t, TaskFiles files) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("account_id", t.accountId());
        v.put("auth_account_id", t.authAccountId());
        v.put("category", t.category());
        v.put("action", t.action());
        if (t.fileName() != null) {
            v.put("file_name", t.fileName());
        }
        v.put("created", gregorian(t.created()));
        if (t.scheduleId() != null) {
            v.put("schedule_id", t.scheduleId());
        }
        v.put("status", t.status().wire());
        v.put("priority", t.priority().wire());
        if (t.keep()) {
            v.put("keep", true); // never removed by the cleanup of finished work
        }
        if (t.queued() != null && t.status() == TaskStatus.PENDING) {
            v.put("queued_timestamp", gregorian(t.queued())); // started, waiting for a slot
        }
        if (t.totalCount() != null) {
            v.put("total_count", t.totalCount());
        }
        if (t.started() != null) {
            v.put("success_count", t.successCount());
            v.put("failure_count", t.failureCount());
            v.put("start_timestamp", gregorian(t.started()));
            v.put("node", t.node());
        }
        if (t.ended() != null && t.status() != TaskStatus.EXECUTING) {
            v.put("end_timestamp", gregorian(t.ended()));
        }
        if (t.retryAt() != null && t.status() == TaskStatus.INTERNAL_ERROR) {
            v.put("retry_timestamp", gregorian(t.retryAt())); // a fault that passes ended the run: recovery resumes it then
        }
        if (t.status() == TaskStatus.EXECUTING && t.runStarted() != null) {
            progress(t, v);
        }
        List<String> csvs = new ArrayList<>();
        for (String name : List.of(TaskFiles.IN, TaskFiles.OUT)) {
            if (files.exists(t.id(), name)) {
                csvs.add(name);
            }
        }
        if (!csvs.isEmpty()) {
            v.put("csvs", csvs);
        }
        return v;
    }

    private static void progress(Task t, Map<String, Object> v) {
        double seconds = Math.max(0.001, (System.currentTimeMillis() - t.runStarted()) / 1000.0);
        long done = t.successCount() + t.failureCount();
        double rate = (done - t.runBaseCount()) / seconds;
        v.put("rows_per_second", Math.round(rate));
        if (t.totalCount() != null && rate > 0) {
            v.put("eta_seconds", Math.round(Math.max(0, t.totalCount() - done) / rate));
        }
    }

    /**
     * A task's runs, newest first: each job execution (Kazoo has no such object; the names are Spring Batch's) and its
     * steps' counts, and the moves its status allows now ({@code allowed}: start, stop, restart, delete), so that a
     * console offers only those.
     */
    static Map<String, Object> runs(JobRepository repository, Task task) {
        List<Map<String, Object>> runs = new ArrayList<>();
        JobInstance instance = TaskJobs.instance(repository, task.category(), task.action(), task.id());
        if (instance != null) {
            for (JobExecution execution : repository.getJobExecutions(instance)) {
                Map<String, Object> run = times(execution.getStartTime(), execution.getEndTime());
                run.put("id", execution.getId());
                run.put("status", execution.getStatus().name().toLowerCase(Locale.ROOT));
                run.put("exit_code", execution.getExitStatus().getExitCode());
                run.put("exit_message", execution.getExitStatus().getExitDescription());
                List<Map<String, Object>> steps = new ArrayList<>();
                for (StepExecution step : execution.getStepExecutions()) {
                    Map<String, Object> s = times(step.getStartTime(), step.getEndTime());
                    s.put("name", step.getStepName());
                    s.put("status", step.getStatus().name().toLowerCase(Locale.ROOT));
                    s.put("read_count", step.getReadCount());
                    s.put("write_count", step.getWriteCount());
                    s.put("skip_count", step.getSkipCount());
                    s.put("commit_count", step.getCommitCount());
                    s.put("rollback_count", step.getRollbackCount());
                    s.put("exit_message", step.getExitStatus().getExitDescription());
                    steps.add(s);
                }
                run.put("steps", steps);
                runs.add(run);
            }
        }
        runs.sort(Comparator.comparing((Map<String, Object> r) -> (Long) r.get("id")).reversed());
        List<String> allowed = new ArrayList<>();
        for (TaskStatus.Move move : List.of(TaskStatus.Move.START, TaskStatus.Move.STOP, TaskStatus.Move.RESTART, TaskStatus.Move.DELETE)) {
            boolean queued = task.queued() != null; // a queued task may be stopped out of the queue, not started again
            if (task.status().allows(move) && (move != TaskStatus.Move.STOP || task.status() == TaskStatus.EXECUTING || queued)
                    && (move != TaskStatus.Move.START || !queued)) {
                allowed.add(move.name().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", task.id());
        body.put("status", task.status().wire());
        body.put("allowed", allowed);
        body.put("params", task.params());
        body.put("runs", runs);
        return body;
    }

    private static Map<String, Object> times(LocalDateTime start, LocalDateTime end) {
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("start_time", start == null ? null : start.toString());
        times.put("end_time", end == null ? null : end.toString());
        return times;
    }

    private static long gregorian(long epochMillis) {
        return KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(epochMillis));
    }
}
