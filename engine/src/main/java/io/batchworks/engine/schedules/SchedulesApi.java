package io.batchworks.engine.schedules;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.engine.security.Access;
import io.batchworks.plugin.web.KazooPage;

import org.quartz.SchedulerException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /v2/schedules}: the plugins' periodic work (the rating cycle, report dispatch, stalled-job recovery...) as
 * the shared Quartz store holds it, how often each fires, when next and when last; and beside it every account's task
 * schedules, a page at a time ({@code page_size}, {@code start_key}). For super admins.
 */
@RestController
class SchedulesApi {

    private final PeriodicTriggers triggers;
    private final ScheduleStore schedules;
    private final ScheduleViews views;

    SchedulesApi(PeriodicTriggers triggers, ScheduleStore schedules, ScheduleViews views) {
        this.triggers = triggers;
        this.schedules = schedules;
        this.views = views;
    }

    @Operation(summary = "Periodic work and every account's task schedules, with their next fire times (super admins)")
    @GetMapping({"/v2/schedules", "/v2/schedules/"})
    Map<String, Object> list(HttpServletRequest request) throws SchedulerException {
        Access.superAdmin();
        List<Map<String, Object>> periodic = new ArrayList<>();
        for (PeriodicTriggers.Schedule s : triggers.schedules()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", s.name());
            v.put("interval_ms", s.intervalMs());
            v.put("next_fire_time", iso(s.nextFire()));
            v.put("previous_fire_time", iso(s.previousFire()));
            v.put("state", s.state());
            periodic.add(v);
        }
        KazooPage page = KazooPage.of(request);
        List<TaskSchedule> fetched = schedules.all(page.startKey() == null ? "" : page.startKey(), page.fetchSize());
        Map<String, Object> reply = page.reply(request, fetched, views::summary, TaskSchedule::id);
        reply.put("data", Map.of("schedules", periodic, "task_schedules", reply.get("data")));
        return reply;
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
