package io.batchworks.plugins.scheduling;

import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.accounts.Caller;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * What the plugin's routes and task share: its stores, the instance's clock, transactions on the engine's database,
 * and who may do what. Anyone with a token reads the schedule and checks in, out and completes jobs (technicians log
 * in with their own accounts); changing it (jobs, users, job types, calendars) takes a super admin.
 */
final class Scheduling {

    private final PluginContext context;
    private final WallTime clock;
    private final TransactionTemplate transactions;
    private final UserStore people;
    private final JobStore jobs;
    private final JobTypeStore types;
    private final Calendars calendars;

    Scheduling(PluginContext context) {
        this.context = context;
        this.clock = new WallTime(ZoneId.of(context.setting("scheduling.time-zone", String.class, "UTC")));
        // the engine's own data source: inside a task's chunk this joins the chunk's transaction
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(context.dataSource()));
        this.people = new UserStore(context.dataSource());
        this.jobs = new JobStore(context.dataSource());
        this.types = new JobTypeStore(context.dataSource());
        this.calendars = new Calendars(context.dataSource());
    }

    WallTime clock() {
        return clock;
    }

    UserStore people() {
        return people;
    }

    JobStore jobs() {
        return jobs;
    }

    JobTypeStore types() {
        return types;
    }

    Calendars calendars() {
        return calendars;
    }

    <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    /** Any caller with a token. */
    Caller reader(ServerRequest request) {
        return context.caller(request);
    }

    /** A caller who may change the schedule. */
    Caller manager(ServerRequest request) {
        Caller caller = context.caller(request);
        if (!caller.superAdmin()) {
            throw SonarErrors.error(403, "Only a super admin may change the schedule.");
        }
        return caller;
    }

    /** The scheduling user linked to the caller's account: Sonar's "logged in user". */
    Optional<Long> userOf(ServerRequest request) {
        return people.userOf(context.caller(request).accountId());
    }
}
