package io.batchworks.engine.schedules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.engine.outbox.Outbox;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.schedules.ScheduleStore.Outcome;
import io.batchworks.engine.tasks.Faults;
import io.batchworks.engine.tasks.FiredTasks;
import io.batchworks.engine.tasks.TaskInputs;
import io.batchworks.engine.tasks.Task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a schedule's fire does. Its task's id is derived from the schedule and the fire's scheduled time, so the fire
 * run again after its node died finds the task an earlier attempt made (and starts it if that attempt could not) rather
 * than making a second one. While the schedule's previous task is unfinished, the fire is skipped or its task waits for
 * that one, as the schedule's {@code overlap} says. Each fire is recorded with what it became.
 */
@Component
class ScheduleFires {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFires.class);
    /** Where a schedule's stored input is kept, under the schedule's id, in {@code bw_task_file}. */
    static final String INPUT = "schedule.csv";
    /** How long a schedule's record of its fires goes back. */
    private static final Duration FIRES_KEPT = Duration.ofDays(30);

    private final ScheduleStore schedules;
    private final FiredTasks tasks;
    private final TaskFileStore stored;
    private final PluginCatalogue plugins;
    private final Outbox outbox;
    private final TransactionTemplate together;
    private final TaskInputs inputs;

    ScheduleFires(ScheduleStore schedules, FiredTasks tasks, TaskFileStore stored, PluginCatalogue plugins, Outbox outbox,
                  PlatformTransactionManager transactions, TaskInputs inputs) {
        this.inputs = inputs;
        this.plugins = plugins;
        this.outbox = outbox;
        this.together = new TransactionTemplate(transactions);
        this.schedules = schedules;
        this.tasks = tasks;
        this.stored = stored;
    }

    /** The id of the task a fire makes: the same for every attempt of one fire. */
    static String taskId(String scheduleId, long fireTime, String role) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((scheduleId + "/" + fireTime + "/" + role).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void fire(String scheduleId, long fireTime) {
        TaskSchedule schedule = schedules.find(scheduleId).orElse(null);
        if (schedule == null || !schedule.enabled()) {
            return; // deleted or paused as it fired
        }
        String taskId = taskId(scheduleId, fireTime, "task");
        Task earlier = tasks.find(taskId).orElse(null);
        if (earlier != null) {
            boolean started = tasks.startIfLeft(earlier);
            log.info("Schedule {}: found task {} that an earlier attempt of its fire at {} made{}", scheduleId, taskId,
                    Instant.ofEpochMilli(fireTime), started ? ", and started it" : "");
            followUp(schedule, fireTime, earlier);
            schedules.recordFire(scheduleId, fireTime, Outcome.TASK, taskId, null);
            return;
        }
        Task previous = tasks.lastOf(scheduleId).filter(FiredTasks::unfinished).orElse(null);
        if (previous != null && schedule.overlap() == Overlap.SKIP) {
            String why = "task " + previous.id() + " of the previous fire is still " + previous.status().wire();
            if (recordTold(schedule, fireTime, Outcome.SKIPPED, why)) {
                log.info("Schedule {}: the fire at {} is skipped: {}", scheduleId, Instant.ofEpochMilli(fireTime), why);
            }
            return;
        }
        try {
            if (schedule.inputName() == null && !schedule.params().containsKey(TaskInputs.URL)
                    && plugins.require(schedule.category(), schedule.action()).type().expectedContent() != null) {
                throw new IllegalStateException("the schedule has no input yet: PUT it to .../task_schedules/" + scheduleId
                        + "/input, or name an input_url among its params");
            }
            Task task = tasks.place(order(schedule, taskId, previous == null ? List.of() : List.of(previous.id())));
            followUp(schedule, fireTime, task);
            schedules.recordFire(scheduleId, fireTime, Outcome.TASK, taskId, previous == null ? null : "queued after " + previous.id());
            log.info("Schedule {}: the fire at {} made task {}", scheduleId, Instant.ofEpochMilli(fireTime), taskId);
        } catch (IOException | RuntimeException e) {
            if (Faults.isTransient(e)) { // the database went away: ScheduleTriggers.Fire runs the fire again
                throw e instanceof RuntimeException passing ? passing : new UncheckedIOException((IOException) e);
            }
            log.warn("Schedule {}: the fire at {} made no task: {}", scheduleId, Instant.ofEpochMilli(fireTime), e.getMessage());
            schedules.recordFire(scheduleId, fireTime, Outcome.ERROR, tasks.find(taskId).map(Task::id).orElse(null), e.getMessage());
        }
        schedules.prune(scheduleId, fireTime - FIRES_KEPT.toMillis());
    }

    /** The follow-up task of the fire's task, if the schedule names one and it is not made yet. */
    private void followUp(TaskSchedule schedule, long fireTime, Task task) {
        TaskSchedule.FollowUp next = schedule.followUp();
        String id = taskId(schedule.id(), fireTime, "follow_up");
        if (next == null || tasks.find(id).isPresent()) {
            return;
        }
        try {
            tasks.place(new FiredTasks.Order(id, schedule.id(), schedule.accountId(), schedule.authAccountId(), next.category(),
                    next.action(), next.params(), null, null, null, List.of(task.id()), next.afterStatus()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fire's own task: queued behind {@code after}, the previous task, whatever that one ends as. */
    private FiredTasks.Order order(TaskSchedule s, String taskId, List<String> after) {
        String url = s.params().get(TaskInputs.URL);
        FiredTasks.InputCopy input = s.inputName() != null ? file -> {
            stored.fetch(s.id(), INPUT, file);
            return null;
        } : url != null ? file -> inputs.fetched(url, file, plugins.require(s.category(), s.action()).type()).rows() : null;
        return new FiredTasks.Order(taskId, s.id(), s.accountId(), s.authAccountId(), s.category(), s.action(), s.params(), s.inputName(),
                input, s.inputRows(), after, "any");
    }

    /**
     * Records a fire that made no task, and in the same transaction the {@code schedule} event webhooks tell of it by
     * ({@code fire_skipped}, {@code fires_missed}); false when it was recorded already.
     */
    private boolean recordTold(TaskSchedule schedule, long fireTime, Outcome outcome, String detail) {
        return Boolean.TRUE.equals(together.execute(t -> {
            if (!schedules.recordFire(schedule.id(), fireTime, outcome, null, detail)) {
                return false;
            }
            outbox.record(Outbox.Hook.SCHEDULE, schedule.accountId(), schedule.id(), Map.of(
                    "event", outcome == Outcome.SKIPPED ? "fire_skipped" : "fires_missed", "schedule_id", schedule.id(),
                    "category", schedule.category(), "action", schedule.action(),
                    "fire_time", Instant.ofEpochMilli(fireTime).toString(), "detail", detail));
            return true;
        }));
    }

    /** Records fires Quartz found missed; what they become is the schedule's {@code misfire} policy. */
    void missed(String scheduleId, long firstMissed) {
        try {
            TaskSchedule schedule = schedules.find(scheduleId).orElse(null);
            if (schedule != null) {
                String what = schedule.misfire() == Misfire.ONCE ? "they become one fire now" : "they are skipped";
                recordTold(schedule, firstMissed, Outcome.MISSED,
                        "fires from " + Instant.ofEpochMilli(firstMissed) + " were missed while no node ran: " + what);
                log.warn("Schedule {}: fires from {} were missed while no node ran; {}", scheduleId, Instant.ofEpochMilli(firstMissed), what);
            }
        } catch (DataAccessException e) {
            log.warn("Schedule {}: missed fires not recorded: {}", scheduleId, e.getMessage());
        }
    }
}
