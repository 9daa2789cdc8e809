package io.batchworks.engine.scheduling;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.plugin.jobs.Periodic;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Plugins' {@link Periodic} work on Quartz triggers in the engine's database (clustered job store): each firing
 * runs on one node only, and the schedule outlives restarts. A trigger already stored with the same interval is
 * kept as it is, so restarting nodes do not keep pushing its next run away. A new trigger fires at once, and one that
 * fell due while every node was down fires when the first node is back, then keeps its interval.
 */
@Component
public class PeriodicTriggers {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTriggers.class);
    private static final String GROUP = "plugins";
    private static final String KEY = "key";

    private final Scheduler scheduler;
    private final Map<String, Runnable> work = new ConcurrentHashMap<>();

    PeriodicTriggers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules a plugin's periodic work; its Quartz name is {@code <pluginId>.<name>}. */
    public void register(String pluginId, Periodic periodic) throws SchedulerException {
        String key = pluginId + "." + periodic.name();
        work.put(key, periodic.work());
        long interval = periodic.interval().toMillis();
        TriggerKey triggerKey = TriggerKey.triggerKey(key, GROUP);
        if (scheduler.getTrigger(triggerKey) instanceof SimpleTrigger existing && existing.getRepeatInterval() == interval) {
            return;
        }
        JobDetail job = JobBuilder.newJob(Fire.class).withIdentity(JobKey.jobKey(key, GROUP)).usingJobData(KEY, key)
                .storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(job)
                .startAt(new Date())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval).repeatForever()
                        .withMisfireHandlingInstructionNowWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
        log.info("Periodic work {} every {}", key, periodic.interval());
    }

    /**
     * Withdraws periodic work of a plugin whose JAR was removed or replaced, except the names in {@code kept} (the
     * new version declares them again). Its triggers are deleted from the shared store: every node is expected to
     * have the same plugins directory.
     */
    public void unregister(String pluginId, Set<String> kept) throws SchedulerException {
        String prefix = pluginId + ".";
        for (String key : Set.copyOf(work.keySet())) {
            if (key.startsWith(prefix) && !kept.contains(key.substring(prefix.length()))) {
                work.remove(key);
                scheduler.deleteJob(JobKey.jobKey(key, GROUP));
                log.info("Periodic work {} withdrawn", key);
            }
        }
    }

    /**
     * Fires registered work now, on whichever node takes it, besides its interval; it still never runs on two nodes at
     * once.
     */
    public void fireNow(String pluginId, String name) throws SchedulerException {
        scheduler.triggerJob(JobKey.jobKey(pluginId + "." + name, GROUP));
    }

    /** A periodic trigger as an operator sees it: which work, how often, when it fires next and last fired. */
    public record Schedule(String name, long intervalMs, Date nextFire, Date previousFire, String state) {
    }

    /** Every periodic trigger in the shared store, by name. */
    public List<Schedule> schedules() throws SchedulerException {
        List<Schedule> schedules = new ArrayList<>();
        for (TriggerKey key : new TreeSet<>(scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP)))) {
            Trigger trigger = scheduler.getTrigger(key);
            if (trigger != null) {
                long interval = trigger instanceof SimpleTrigger simple ? simple.getRepeatInterval() : 0;
                schedules.add(new Schedule(key.getName(), interval, trigger.getNextFireTime(), trigger.getPreviousFireTime(),
                        scheduler.getTriggerState(key).name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return schedules;
    }

    void run(String key) {
        Runnable runnable = work.get(key);
        if (runnable == null) {
            log.warn("Periodic work {} fired, but no loaded plugin declares it on this node", key);
            return;
        }
        try {
            runnable.run();
        } catch (RuntimeException e) {
            log.error("Periodic work {} failed", key, e);
        }
    }

    /** The Quartz job behind every periodic trigger; Spring's job factory creates it with this component. */
    @DisallowConcurrentExecution
    public static class Fire implements Job {

        private final PeriodicTriggers triggers;

        public Fire(PeriodicTriggers triggers) {
            this.triggers = triggers;
        }

        @Override
        public void execute(JobExecutionContext context) {
            triggers.run(context.getMergedJobDataMap().getString(KEY));
        }
    }
}
