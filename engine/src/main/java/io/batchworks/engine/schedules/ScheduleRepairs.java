package io.batchworks.engine.schedules;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.Timers;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Keeps the schedules and their triggers in step, on every node, at start and every minute: an enabled schedule
 * without a trigger gets one, and a trigger whose schedule is gone or disabled goes. A schedule's row and its trigger
 * are written one after the other ({@link ScheduleTriggers}), so a node that dies between the two leaves one of them
 * without the other until this mends it.
 */
@Component
class ScheduleRepairs implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRepairs.class);
    private static final long EVERY_S = 60;
    private static final int PAGE = 500;

    private final ScheduleStore schedules;
    private final ScheduleTriggers triggers;
    private final ScheduledExecutorService timer = Timers.daemon("schedule-repairs");

    ScheduleRepairs(ScheduleStore schedules, ScheduleTriggers triggers) {
        this.schedules = schedules;
        this.triggers = triggers;
    }

    @Override
    public void run(ApplicationArguments args) {
        timer.scheduleWithFixedDelay(this::repairQuietly, 0, EVERY_S, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void repairQuietly() {
        try {
            repair();
        } catch (DataAccessException | SchedulerException e) {
            log.warn("Schedules and triggers cannot be checked now ({}); again in {} s", e.getMessage(), EVERY_S);
        } catch (RuntimeException e) {
            log.error("Checking the schedules' triggers failed; again in {} s", EVERY_S, e);
        }
    }

    /** One pass over every schedule and every trigger. */
    void repair() throws SchedulerException {
        for (String id : triggers.scheduled()) {
            if (schedules.find(id).filter(TaskSchedule::enabled).isEmpty()) {
                triggers.remove(id);
                log.info("Schedule {}: its trigger removed, the schedule being gone or paused", id);
            }
        }
        String from = "";
        for (List<TaskSchedule> page = schedules.all(from, PAGE + 1); !page.isEmpty(); page = schedules.all(from, PAGE + 1)) {
            for (TaskSchedule schedule : page.subList(0, Math.min(PAGE, page.size()))) {
                if (schedule.enabled() && !triggers.has(schedule.id())) {
                    triggers.put(schedule);
                    log.info("Schedule {}: its missing trigger made again", schedule.id());
                }
            }
            if (page.size() <= PAGE) {
                break;
            }
            from = page.get(PAGE).id();
        }
    }
}
