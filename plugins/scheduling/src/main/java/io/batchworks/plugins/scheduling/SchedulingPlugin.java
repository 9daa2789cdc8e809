package io.batchworks.plugins.scheduling;

import java.util.List;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.web.ErrorShape;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Sonar's scheduling: field jobs placed in technicians' calendars (working hours, time off, geofences), the space
 * queries that find room, and {@code scheduling/autoplace}, a task that places the whole queue.
 */
public class SchedulingPlugin implements BatchworksPlugin {

    @Override
    public String migrations() {
        return "db/scheduling";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        Autoplace autoplace = new Autoplace(new Scheduling(context));
        return List.of(TaskType.builder("scheduling", "autoplace")
                .description("Place every queued job into available space")
                .doc("Each queued job (or those of job_ids, comma-separated) goes to the earliest quarter hour between from"
                        + " (YYYY-MM-DD, default today) and the end of to (default 14 days after from) where one user its"
                        + " geofences allow is free for the whole job, inside one of its desired date/times when it has any."
                        + " out.csv lists every job: its scheduled_datetime and user_ids, or why it stayed queued.")
                .params(autoplace::check)
                .source(autoplace::queued)
                .results("scheduled_datetime", "user_ids")
                .rows(autoplace::row, autoplace::write)
                .build());
    }

    @Override
    public ErrorShape errorShape() {
        return SonarErrors.SHAPE;
    }

    @Override
    public RouterFunction<ServerResponse> routes(PluginContext context) {
        Scheduling scheduling = new Scheduling(context);
        return new SpaceApi(scheduling).routes().and(new JobsApi(scheduling).routes())
                .and(new DesiredTimesApi(scheduling).routes()).and(new SetupApi(scheduling, context).routes())
                .and(new AvailabilityApi(scheduling).routes());
    }
}
