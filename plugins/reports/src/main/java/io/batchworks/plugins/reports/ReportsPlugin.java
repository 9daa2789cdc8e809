package io.batchworks.plugins.reports;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.jobs.Periodic;
import io.batchworks.plugin.web.ErrorShape;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GNU Taler's periodic reports: a report names a data source of this engine (a path of the instance's own read API)
 * and a program (file, http, exec, smtp) that delivers it to {@code target_address} every {@code report_frequency}.
 * The slots are found by a clustered Quartz trigger ({@code reports.dispatch-interval-ms}, 1000 by default) and each is
 * sent by a job execution keyed by (report, slot), so at most once across restarts and nodes.
 */
public class ReportsPlugin implements BatchworksPlugin {

    @Override
    public String migrations() {
        return "db/reports";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        return List.of();
    }

    @Override
    public ErrorShape errorShape() {
        return TalerErrors.SHAPE;
    }

    @Override
    public RouterFunction<ServerResponse> routes(PluginContext context) {
        return new ReportsApi(context, new Instances(context.dataSource(), context.accounts()), reports(context),
                new Programs(context)).routes();
    }

    @Override
    public List<Periodic> periodic(PluginContext context) {
        Transmissions transmissions = new Transmissions(context, reports(context), new Programs(context));
        // a number of milliseconds, as the key says, or a duration such as 2s
        Duration every = context.duration("reports.dispatch-interval-ms", ChronoUnit.MILLIS, Duration.ofSeconds(1));
        return List.of(new Periodic("dispatch", every, transmissions::dispatch));
    }

    private static ReportStore reports(PluginContext context) {
        return new ReportStore(context.dataSource(), context.database());
    }
}
