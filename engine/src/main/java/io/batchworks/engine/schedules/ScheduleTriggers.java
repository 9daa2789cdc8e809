package io.batchworks.engine.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.batchworks.engine.tasks.Faults;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.stereotype.Component;

/**
 * Each enabled task schedule as a Quartz job and trigger in the engine's clustered store (group {@value #GROUP}, named by
 * the schedule's id). Quartz fires each trigger on one node; a job that was running on a node that died is run again by
 * another ({@code requestsRecovery}), and a schedule's fires never overlap ({@link DisallowConcurrentExecution}).
 * A trigger is written after its schedule's row has committed, never inside that transaction: on HSQLDB the store's
 * lock is the JVM's and is let go between calls while a caller's transaction would keep the trigger rows it wrote, so
 * Quartz's own thread could wait for those rows while holding the lock the caller waits for. What a crash between the
 * two leaves behind, {@link ScheduleRepairs} mends.
 */
@Component
class ScheduleTriggers {

    static final String GROUP = "task-schedules";
    private static final String SCHEDULE = "schedule";

    private final Scheduler scheduler;

    ScheduleTriggers(Scheduler scheduler, ScheduleFires fires) throws SchedulerException {
        this.scheduler = scheduler;
        scheduler.getListenerManager().addTriggerListener(new MissedFires(fires), GroupMatcher.triggerGroupEquals(GROUP));
    }

    /** Makes the schedule's trigger anew (none while it is disabled): its fires count from now. */
    void put(TaskSchedule schedule) {
        JobKey key = JobKey.jobKey(schedule.id(), GROUP);
        if (!schedule.enabled()) {
            remove(schedule.id());
            return;
        }
        JobDetail job = JobBuilder.newJob(Fire.class).withIdentity(key).usingJobData(SCHEDULE, schedule.id())
                .requestRecovery(true).storeDurably(false).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(schedule.id(), GROUP)).forJob(job)
                .startAt(schedule.timing().firstFire(Instant.now()))
                .withSchedule(schedule.timing().schedule(schedule.misfire()))
                .build();
        try {
            scheduler.deleteJob(key); // not a replace: Quartz's replace keeps the old kind's row when cron becomes a period
            scheduler.scheduleJob(job, Set.of(trigger), false);
        } catch (SchedulerException e) {
            throw new IllegalStateException("the trigger of schedule " + schedule.id() + " cannot be written", e);
        }
    }

    void remove(String scheduleId) {
        try {
            scheduler.deleteJob(JobKey.jobKey(scheduleId, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("the trigger of schedule " + scheduleId + " cannot be removed", e);
        }
    }

    /** Whether the schedule has a trigger. */
    boolean has(String scheduleId) throws SchedulerException {
        return scheduler.checkExists(TriggerKey.triggerKey(scheduleId, GROUP));
    }

    /** The ids of the schedules that have a trigger. */
    Set<String> scheduled() throws SchedulerException {
        Set<String> ids = new java.util.HashSet<>();
        scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP)).forEach(k -> ids.add(k.getName()));
        return ids;
    }

    /** The schedule's next fire times, none while it is disabled. */
    List<Instant> next(String scheduleId, int count) throws SchedulerException {
        Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(scheduleId, GROUP));
        return trigger == null ? List.of() : Timing.next(trigger, count);
    }

    /** The Quartz job behind every schedule's trigger; Spring's job factory creates it with the engine's components. */
    @DisallowConcurrentExecution
    public static class Fire implements Job {

        private static final int DATABASE_WAITS = 60;

        private final ScheduleFires fires;

        public Fire(ScheduleFires fires) {
            this.fires = fires;
        }

        /**
         * A fire, or its run again after the node that ran it died: then it keeps the fire time it had. Cut off by a
         * fault that passes (the database unreachable, a commit lost), it is run again every second, for a minute at most.
         */
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            JobDataMap data = context.getMergedJobDataMap();
            long fireTime = context.isRecovering()
                    ? Long.parseLong(data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS))
                    : context.getScheduledFireTime().getTime();
            try {
                fires.fire(data.getString(SCHEDULE), fireTime);
            } catch (RuntimeException e) {
                if (!Faults.isTransient(e)) {
                    throw e;
                }
                if (context.getRefireCount() >= DATABASE_WAITS) {
                    throw new JobExecutionException("the database stayed away; this fire is lost", e, false);
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
                throw new JobExecutionException(e, true);
            }
        }
    }

    /** Tells {@link ScheduleFires} of the fires Quartz found missed (no node ran at their time), before its policy applies. */
    private static final class MissedFires extends TriggerListenerSupport {

        private final ScheduleFires fires;

        MissedFires(ScheduleFires fires) {
            this.fires = fires;
        }

        @Override
        public String getName() {
            return "task-schedule-misfires";
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
            fires.missed(trigger.getKey().getName(), trigger.getNextFireTime().getTime());
        }
    }
}
