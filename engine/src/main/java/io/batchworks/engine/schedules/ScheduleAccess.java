package io.batchworks.engine.schedules;

import io.batchworks.engine.audit.AuditLog;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.security.AccountCaller;
import io.batchworks.engine.tasks.FiredTasks;
import io.batchworks.engine.tasks.TaskInputs;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.TaskInfo;

import org.springframework.stereotype.Component;

/**
 * Who may do what to a task schedule: reading needs access to its account; creating, changing, deleting it and
 * storing its input also need the permission of its task type (and of its follow-up's). Every change is audited.
 */
@Component
class ScheduleAccess {

    private final ScheduleStore schedules;
    private final PluginCatalogue plugins;
    private final AuditLog audit;
    private final TaskInputs inputs;

    ScheduleAccess(ScheduleStore schedules, PluginCatalogue plugins, AuditLog audit, TaskInputs inputs) {
        this.inputs = inputs;
        this.schedules = schedules;
        this.plugins = plugins;
        this.audit = audit;
    }

    /** The types exist, the caller may run them for the account, and the parameters (an {@code input_url} among them) suit them. */
    void check(AccountCaller caller, TaskSchedule s) {
        RegisteredTaskType type = plugins.require(s.category(), s.action());
        Access.require(caller, type.type().permission(), s.accountId());
        type.type().checkParams(new TaskInfo(s.id(), s.accountId(), caller.accountId(), s.category(), s.action(), s.params()));
        String url = s.params().get(TaskInputs.URL);
        if (url != null) {
            if (type.type().expectedContent() == null) {
                throw ApiException.badRequest(TaskInputs.URL, s.category() + "/" + s.action() + " takes no input");
            }
            inputs.checkUrl(url);
        }
        if (s.followUp() != null) {
            RegisteredTaskType next = plugins.require(s.followUp().category(), s.followUp().action());
            Access.require(caller, next.type().permission(), s.accountId());
            if (next.type().expectedContent() != null) {
                throw ApiException.badRequest("follow_up", "a follow-up takes no input, and "
                        + s.followUp().category() + "/" + s.followUp().action() + " needs one");
            }
            FiredTasks.afterStatus(s.followUp().afterStatus());
            next.type().checkParams(new TaskInfo(s.id(), s.accountId(), caller.accountId(), next.type().category(),
                    next.type().action(), s.followUp().params()));
        }
    }

    /** The schedule, if it belongs to the account in the path and the caller may see that account; else 404 or 403. */
    TaskSchedule visible(String account, String id) {
        TaskSchedule schedule = schedules.find(id).filter(s -> s.accountId().equals(account))
                .orElseThrow(() -> ApiException.notFound("schedule_id", id));
        Access.requireAccount(Access.caller(), account);
        return schedule;
    }

    void audited(String action, TaskSchedule s) {
        audit.record(action, "schedule", s.id(), s.accountId(), s.category() + "/" + s.action());
    }

}
