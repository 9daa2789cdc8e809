package io.batchworks.plugins.numbers;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.Permission;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.jobs.Periodic;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Kazoo's resources (carriers) and their bulk number-add jobs. The jobs API and the {@code numbers/add} task are
 * one piece of work: a job is a task. Stalled jobs are resumed by a periodic check, tuned as Kazoo's
 * {@code crossbar.resources} is, under {@code resources.*} in jobs-config.
 */
public final class NumbersPlugin implements BatchworksPlugin {

    /** Kazoo's defaults: check every 6 hours for jobs unchanged for an hour. */
    static final long RECOVER_TIMEOUT_S = 6 * 3600;
    static final long RECOVER_THRESHOLD_S = 3600;

    @Override
    public String migrations() {
        return "db/numbers";
    }

    @Override
    public List<TaskType> taskTypes(PluginContext context) {
        return List.of(TaskType.builder("numbers", "add")
                .description("Bulk-add numbers to an account through a resource")
                .doc("Each number is normalised to E.164 and assigned to the account through its resource (the row's"
                        + " resource_id, else the task's resource_id parameter). A number that is invalid, owned by another"
                        + " account, or whose resource is unknown or disabled fails alone with its reason."
                        + " The same work as PUT /v2/accounts/{ACCOUNT_ID}/resources/jobs.")
                .expectedContent("text/csv")
                .mandatory("number")
                .optional("resource_id")
                .permission(Permission.ACCOUNT)
                .rows(new NumberRows(), new NumberAdder(context.dataSource()))
                // rows of one number stay in order (the later one meets the number the earlier one added)
                .partitionBy(row -> E164.normalise(row.get("number")))
                .build());
    }

    @Override
    public RouterFunction<ServerResponse> routes(PluginContext context) {
        Scopes scopes = new Scopes(context);
        RouterFunctions.Builder routes = RouterFunctions.route();
        new JobsApi(new JobStore(context.dataSource(), context.database()), scopes, context).routes(routes);
        new ResourcesApi(new ResourceStore(context.dataSource()), scopes).routes(routes);
        return routes.build();
    }

    @Override
    public List<Periodic> periodic(PluginContext context) {
        Duration every = duration(context, "timeout", RECOVER_TIMEOUT_S);
        Duration threshold = duration(context, "threshold", RECOVER_THRESHOLD_S);
        return List.of(new Periodic("job-recovery", every, () -> context.tasks().resumeStalled("numbers", "add", threshold)));
    }

    /**
     * {@code resources.job_recover_<what>_s}, or Kazoo's code's spelling {@code job_recovery_<what>_s}: a number of
     * seconds as in Kazoo, or a duration such as {@code 6h} or {@code PT6H}.
     */
    private static Duration duration(PluginContext context, String what, long fallbackSeconds) {
        Duration value = context.duration("resources.job_recover_" + what + "_s", ChronoUnit.SECONDS, null);
        return value != null ? value
                : context.duration("resources.job_recovery_" + what + "_s", ChronoUnit.SECONDS, Duration.ofSeconds(fallbackSeconds));
    }
}
