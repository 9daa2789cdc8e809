package io.batchworks.engine.schedules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.tasks.FiredTasks;

import org.quartz.SchedulerException;
import org.springframework.stereotype.Component;

/** A task schedule as the API shows it: its fields, its next fire times, its last task and, alone, its last fires. */
@Component
class ScheduleViews {

    /** How many next fire times a view shows. */
    static final int NEXT_FIRES = 3;
    /** How many past fires the view of one schedule shows. */
    static final int LAST_FIRES = 10;

    private final ScheduleTriggers triggers;
    private final ScheduleStore schedules;
    private final FiredTasks tasks;

    ScheduleViews(ScheduleTriggers triggers, ScheduleStore schedules, FiredTasks tasks) {
        this.triggers = triggers;
        this.schedules = schedules;
        this.tasks = tasks;
    }

    /** The view in a list: fields, next fire times, last task. */
    Map<String, Object> summary(TaskSchedule s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("account_id", s.accountId());
        v.putAll(fields(s));
        if (s.inputName() != null) {
            v.put("input", Map.of("file_name", s.inputName(), "rows", s.inputRows()));
        }
        try {
            v.put("next_fires", triggers.next(s.id(), NEXT_FIRES).stream().map(Instant::toString).toList());
        } catch (SchedulerException e) {
            throw new IllegalStateException("the schedule's trigger cannot be read", e);
        }
        tasks.lastOf(s.id()).ifPresent(t -> v.put("last_task", Map.of("id", t.id(), "status", t.status().wire(),
                "created", Instant.ofEpochMilli(t.created()).toString())));
        v.put("created", Instant.ofEpochMilli(s.created()).toString());
        v.put("modified", Instant.ofEpochMilli(s.modified()).toString());
        return v;
    }

    /** The fields a request sets, as a request's {@code data} gives them. */
    static Map<String, Object> fields(TaskSchedule s) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (s.name() != null) {
            v.put("name", s.name());
        }
        v.put("category", s.category());
        v.put("action", s.action());
        v.put("params", s.params());
        s.timing().describe(v);
        v.put("overlap", Overlap.Choice.wire(s.overlap()));
        v.put("misfire", Overlap.Choice.wire(s.misfire()));
        v.put("enabled", s.enabled());
        if (s.followUp() != null) {
            v.put("follow_up", Map.of("category", s.followUp().category(), "action", s.followUp().action(),
                    "params", s.followUp().params(), "after_status", s.followUp().afterStatus()));
        }
        return v;
    }

    /** The view of one schedule: its summary and its last fires, newest first. */
    Map<String, Object> full(TaskSchedule s) {
        Map<String, Object> v = summary(s);
        List<Map<String, Object>> fires = schedules.fires(s.id(), LAST_FIRES).stream().map(f -> {
            Map<String, Object> fire = new LinkedHashMap<>();
            fire.put("fire_time", Instant.ofEpochMilli(f.fireTime()).toString());
            fire.put("outcome", f.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (f.taskId() != null) {
                fire.put("task_id", f.taskId());
            }
            if (f.detail() != null) {
                fire.put("detail", f.detail());
            }
            return fire;
        }).toList();
        v.put("last_fires", fires);
        return v;
    }
}
