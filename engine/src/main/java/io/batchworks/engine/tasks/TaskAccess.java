package io.batchworks.engine.tasks;

import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.security.Access;
import io.batchworks.plugin.ApiException;

import org.springframework.stereotype.Component;

/**
 * Who may see and move a task, for every route that names one: the caller's account or one above it sees it; moving
 * it also takes its type's permission.
 */
@Component
class TaskAccess {

    private final TaskStore tasks;
    private final PluginCatalogue plugins;

    TaskAccess(TaskStore tasks, PluginCatalogue plugins) {
        this.tasks = tasks;
        this.plugins = plugins;
    }

    /** The task, if the caller may see it (and it belongs to the account in the path, if any); 404 otherwise. */
    Task visible(String account, String id) {
        Task task = tasks.find(id).orElseThrow(() -> ApiException.notFound("task_id", id));
        if (account != null && !account.equals(task.accountId())) {
            throw ApiException.notFound("task_id", id);
        }
        Access.requireAccount(Access.caller(), task.accountId());
        return task;
    }

    /** The task, if the caller may also run tasks of its type. */
    Task runnable(String account, String id) {
        Task task = visible(account, id);
        requireRunnable(task);
        return task;
    }

    /** 403 unless the caller may run tasks of the task's type (a type no longer loaded asks nothing more). */
    void requireRunnable(Task task) {
        plugins.taskType(task.category(), task.action())
                .ifPresent(t -> Access.require(Access.caller(), t.type().permission(), task.accountId()));
    }
}
