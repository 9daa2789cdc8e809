package io.batchworks.plugins.reprocess;

import java.time.Duration;
import java.util.List;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.Permission;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.jobs.Periodic;
import io.batchworks.plugin.web.ErrorShape;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Call usage per scope (a scope is an account), rated period by period from the ratedecks through the rates
 * plugin's {@link io.batchworks.plugins.rates.api.RateLookup} service, with CloudKitty's scope and summary APIs.
 */
public final class ReprocessPlugin implements BatchworksPlugin {

    @Override
    public String migrations() {
        return "db/reprocess";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        Periods periods = Periods.from(context);
        Rater rater = new Rater(context, periods);
        return List.of(
                TaskType.builder("usage", "import")
                        .description("Import call records, rated later period by period")
                        .doc("One call per row: scope_id (an account id), timestamp (ISO 8601), number called, direction"
                                + " (inbound or outbound), duration_s, and optionally call_id, unique per scope. A call"
                                + " already imported is left as it is.")
                        .expectedContent("text/csv")
                        .mandatory("scope_id", "timestamp", "number", "direction", "duration_s")
                        .optional("call_id")
                        .rows(new UsageRows(context.accounts()), new UsageStore(context.dataSource(), context.database(), periods))
                        .partitionBy(row -> row.get("scope_id"))
                        .build(),
                TaskType.builder("usage", "rate")
                        .description("Rate periods of a scope's calls")
                        .doc("Rows of scope_id and period_start (epoch seconds); each period is rated in its own"
                                + " transaction when it is the scope's next. The processing cycle starts these tasks.")
                        .expectedContent("text/csv")
                        .mandatory("scope_id", "period_start")
                        .rows((row, task) -> {
                            try {
                                long start = Long.parseLong(row.get("period_start"));
                                if (start % periods.period() != 0) {
                                    throw new RowRejectedException("period_start is not the start of a period");
                                }
                                return new Rater.Period(row.get("scope_id"), start);
                            } catch (NumberFormatException e) {
                                throw new RowRejectedException("period_start must be epoch seconds");
                            }
                        }, rater)
                        // a scope's periods are rated in order, one scope's at a time
                        .partitionBy(row -> row.get("scope_id"))
                        .permission(Permission.SUPER_ADMIN)
                        .build(),
                TaskType.builder("usage", "reprocess")
                        .description("Re-rate the periods of a reprocessing schedule")
                        .doc("Rows of schedule_id and period_start (epoch seconds); each period is deleted and rated again"
                                + " in its own transaction when it is the schedule's next. The processing cycle starts these"
                                + " tasks for the schedules of POST /v2/task/reprocesses.")
                        .expectedContent("text/csv")
                        .mandatory("schedule_id", "period_start")
                        .rows((row, task) -> {
                            try {
                                return new Reprocessor.Step(Long.parseLong(row.get("schedule_id")), Long.parseLong(row.get("period_start")));
                            } catch (NumberFormatException e) {
                                throw new RowRejectedException("schedule_id and period_start must be numbers");
                            }
                        }, new Reprocessor(context, rater, periods))
                        .partitionBy(row -> row.get("schedule_id"))
                        .permission(Permission.SUPER_ADMIN)
                        .build(),
                TaskType.builder("usage", "export")
                        .description("Export rated calls")
                        .doc("The rated calls as CSV, by scope and time; parameters scope_id, begin and end (epoch seconds)"
                                + " narrow it. unrated is true for a call no rate matched (priced 0).")
                        .permission(Permission.SUPER_ADMIN)
                        .export(task -> {
                            List<Object> args = new java.util.ArrayList<>();
                            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
                            String scope = task.param("scope_id", null);
                            if (scope != null) {
                                where.append(" AND scope_id = ?");
                                args.add(scope);
                            }
                            for (String bound : List.of("begin", "end")) {
                                String value = task.param(bound, null);
                                if (value != null) {
                                    where.append(bound.equals("begin") ? " AND started >= ?" : " AND started < ?");
                                    args.add(Long.parseLong(value));
                                }
                            }
                            List<String> columns = List.of("scope_id", "call_id", "started", "number", "direction", "duration_s",
                                    "ratedeck_id", "rate_id", "prefix", "price", "unrated");
                            // a boolean reads "true"/"false" on every database, not PostgreSQL's t/f
                            String select = String.join(", ", columns.subList(0, columns.size() - 1))
                                    + ", CASE WHEN unrated THEN CAST('true' AS VARCHAR(5)) ELSE CAST('false' AS VARCHAR(5)) END AS unrated";
                            return new ExportQuery(columns, "SELECT " + select + " FROM rp_rated" + where
                                    + " ORDER BY scope_id, started, call_id", args);
                        })
                        .build());
    }

    @Override
    public ErrorShape errorShape() {
        return CloudKitty.SHAPE;
    }

    @Override
    public RouterFunction<ServerResponse> routes(PluginContext context) {
        RouterFunctions.Builder routes = RouterFunctions.route();
        new ScopesApi(context, Periods.from(context)).routes(routes);
        new SummaryApi(context, Periods.from(context)).routes(routes);
        new ReprocessesApi(context, Periods.from(context)).routes(routes);
        return routes.build();
    }

    @Override
    public List<Periodic> periodic(PluginContext context) {
        Periods periods = Periods.from(context);
        return List.of(new Periodic("rating", Duration.ofSeconds(periods.cycleInterval()), new RatingCycle(context, periods)));
    }
}
