package io.batchworks.engine.plugins;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.engine.security.Access;
import io.batchworks.plugin.web.KazooEnvelope;

import org.quartz.SchedulerException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /v2/schedules}: the plugins' periodic work (the rating cycle, report dispatch, stalled-job recovery...) as
 * the shared Quartz store holds it: how often each fires, when next and when last. For super admins.
 */
@RestController
class SchedulesApi {

    private final PeriodicTriggers triggers;

    SchedulesApi(PeriodicTriggers triggers) {
        this.triggers = triggers;
    }

    @Operation(summary = "Periodic work and its next fire time (super admins)")
    @GetMapping({"/v2/schedules", "/v2/schedules/"})
    Map<String, Object> list(HttpServletRequest request) throws SchedulerException {
        Access.superAdmin();
        List<Map<String, Object>> schedules = new ArrayList<>();
        for (PeriodicTriggers.Schedule s : triggers.schedules()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", s.name());
            v.put("interval_ms", s.intervalMs());
            v.put("next_fire_time", iso(s.nextFire()));
            v.put("previous_fire_time", iso(s.previousFire()));
            v.put("state", s.state());
            schedules.add(v);
        }
        return KazooEnvelope.success(request, Map.of("schedules", schedules));
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
