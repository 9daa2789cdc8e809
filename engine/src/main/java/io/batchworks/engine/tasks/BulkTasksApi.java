package io.batchworks.engine.tasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.security.Access;
import io.batchworks.engine.web.CreatedKey;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Bulk actions on an account's tasks, chosen by the list's filters ({@link TaskSelection}): {@code PATCH
 * /v2/accounts/{A}/tasks/stop} and {@code DELETE /v2/accounts/{A}/tasks}. Each task is stopped or deleted as if one by
 * one (the same moves, permissions and audit records); the reply lists what was done and what was refused and why.
 * One request takes at most a page of tasks ({@code page_size}, up to {@value KazooPage#MAX_SIZE}), newest first;
 * {@code next_start_key} continues with the rest.
 */
@RestController
class BulkTasksApi {

    private final TaskStore tasks;
    private final TaskLifecycle lifecycle;
    private final TaskFiles files;
    private final TaskAccess access;

    BulkTasksApi(TaskStore tasks, TaskLifecycle lifecycle, TaskFiles files, TaskAccess access) {
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.files = files;
        this.access = access;
    }

    /** One task's move: throws the move's refusal. */
    private interface Move {
        Task on(Task task) throws IOException, InterruptedException;
    }

    @Operation(summary = "Stop an account's tasks chosen by the list's filters: running ones at their next chunk boundary, queued"
            + " ones out of the queue", description = "Each as PATCH .../tasks/{id}/stop would; the reply lists them in stopped"
            + " (asked to stop, or stopped) and refused (with why), and next_start_key while more tasks match.")
    @PatchMapping({"/v2/accounts/{account}/tasks/stop", "/v2/accounts/{account}/tasks/stop/"})
    Map<String, Object> stop(@PathVariable String account, @RequestParam(required = false) String category, @RequestParam(required = false) String action,
            @RequestParam(required = false) String status, @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore, HttpServletRequest request)
            throws IOException, InterruptedException {
        return each(account, TaskSelection.of(category, action, status, createdAfter, createdBefore), request, "stopped",
                task -> lifecycle.stop(task, false));
    }

    @Operation(summary = "Delete an account's tasks chosen by the list's filters, with their files", description = "Each as"
            + " DELETE .../tasks/{id} would (a running task is refused); the reply lists them in deleted and refused (with why),"
            + " and next_start_key while more tasks match.")
    @DeleteMapping({"/v2/accounts/{account}/tasks", "/v2/accounts/{account}/tasks/"})
    Map<String, Object> delete(@PathVariable String account, @RequestParam(required = false) String category, @RequestParam(required = false) String action,
            @RequestParam(required = false) String status, @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore, HttpServletRequest request)
            throws IOException, InterruptedException {
        return each(account, TaskSelection.of(category, action, status, createdAfter, createdBefore), request, "deleted", task -> {
            lifecycle.delete(task);
            files.delete(task.id());
            return task;
        });
    }

    private Map<String, Object> each(String account, TaskStore.Filter filter, HttpServletRequest request, String done, Move move)
            throws IOException, InterruptedException {
        Access.requireAccount(Access.caller(), account);
        KazooPage page = KazooPage.of(request);
        CreatedKey from = page.startKey() == null ? null : CreatedKey.parse(page.startKey());
        List<Task> chosen = tasks.page(account, from == null ? null : from.created(), from == null ? null : from.id(),
                page.fetchSize(), filter);
        List<Map<String, Object>> moved = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (Task task : chosen.subList(0, Math.min(chosen.size(), page.size()))) {
            try {
                access.requireRunnable(task);
                Task after = move.on(task);
                moved.add(Map.of("id", task.id(), "status", after.status().wire()));
            } catch (ApiException e) {
                Map<String, Object> why = new LinkedHashMap<>();
                why.put("id", task.id());
                why.put("status", task.status().wire());
                why.put("error", Integer.toString(e.status()));
                why.put("message", e.getMessage());
                refused.add(why);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(done, moved);
        data.put("refused", refused);
        Map<String, Object> reply = KazooEnvelope.success(request, data);
        if (chosen.size() > page.size()) {
            Task next = chosen.get(page.size());
            reply.put("next_start_key", CreatedKey.of(next.created(), next.id()));
        }
        return reply;
    }
}
