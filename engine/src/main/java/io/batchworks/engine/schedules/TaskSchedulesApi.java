package io.batchworks.engine.schedules;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.Ids;
import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.security.AccountCaller;
import io.batchworks.engine.web.CreatedKey;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Kazoo-style task schedules, {@code /v2/accounts/{ACCOUNT_ID}/task_schedules}: {@code PUT} creates, {@code GET} lists
 * or shows one, {@code POST} replaces and {@code PATCH} changes some fields, {@code DELETE} removes ({@link ScheduleAccess}
 * says who may). The schedule's row is written first, then its trigger ({@link ScheduleTriggers}). A schedule's files
 * are {@link ScheduleFilesApi}'s.
 */
@RestController
class TaskSchedulesApi {

    static final String ONE = "/v2/accounts/{account}/task_schedules/{id}";

    private final ScheduleStore schedules;
    private final ScheduleTriggers triggers;
    private final ScheduleViews views;
    private final ScheduleAccess access;
    private final TaskFileStore stored;
    private final TransactionTemplate together;
    private final JsonMapper json;

    TaskSchedulesApi(ScheduleStore schedules, ScheduleTriggers triggers, ScheduleViews views, ScheduleAccess access,
                     TaskFileStore stored, PlatformTransactionManager transactions, JsonMapper json) {
        this.schedules = schedules;
        this.triggers = triggers;
        this.views = views;
        this.access = access;
        this.stored = stored;
        this.together = new TransactionTemplate(transactions);
        this.json = json;
    }

    @Operation(summary = "An account's task schedules, oldest first, with their next fire times and last task")
    @GetMapping({"/v2/accounts/{account}/task_schedules", "/v2/accounts/{account}/task_schedules/"})
    Map<String, Object> list(@PathVariable String account, HttpServletRequest request) {
        Access.requireAccount(Access.caller(), account);
        KazooPage page = KazooPage.of(request);
        CreatedKey from = CreatedKey.parse(page.startKey());
        return page.reply(request, schedules.page(account, from.created(), from.id(), page.fetchSize()), views::summary,
                s -> CreatedKey.of(s.created(), s.id()));
    }

    @Operation(summary = "Create a task schedule: category, action, params, cron (with time_zone) or every, overlap, misfire, enabled")
    @PutMapping({"/v2/accounts/{account}/task_schedules", "/v2/accounts/{account}/task_schedules/"})
    ResponseEntity<Map<String, Object>> create(@PathVariable String account, @RequestBody JsonNode body, HttpServletRequest request) {
        AccountCaller caller = Access.caller();
        Access.requireAccount(caller, account); // before the body is judged: nothing of another account's answers
        TaskSchedule schedule = TaskSchedule.read(body.path("data"), Ids.newId(), account, caller.accountId(), System.currentTimeMillis());
        access.check(caller, schedule);
        together.executeWithoutResult(t -> {
            schedules.insert(schedule);
            access.audited("create", schedule);
        });
        triggers.put(schedule);
        return ResponseEntity.status(201).body(KazooEnvelope.success(request, views.full(schedule)));
    }

    @Operation(summary = "A task schedule, with its next fire times, last task and last fires")
    @GetMapping({ONE, ONE + "/"})
    Map<String, Object> get(@PathVariable String account, @PathVariable String id, HttpServletRequest request) {
        return KazooEnvelope.success(request, views.full(access.visible(account, id)));
    }

    @Operation(summary = "Replace a task schedule (its category and action stay); a change of timing counts from now")
    @PostMapping({ONE, ONE + "/"})
    Map<String, Object> replace(@PathVariable String account, @PathVariable String id, @RequestBody JsonNode body,
                                HttpServletRequest request) {
        return change(access.visible(account, id), body.path("data"), request);
    }

    @Operation(summary = "Change some fields of a task schedule, e.g. {\"data\": {\"enabled\": false}} to pause it")
    @PatchMapping({ONE, ONE + "/"})
    Map<String, Object> patch(@PathVariable String account, @PathVariable String id, @RequestBody JsonNode body,
                              HttpServletRequest request) {
        TaskSchedule current = access.visible(account, id);
        JsonNode changes = body.path("data");
        if (!changes.isObject()) {
            throw ApiException.badRequest("data", "data must be an object: the fields to change");
        }
        ObjectNode merged = ((ObjectNode) json.valueToTree(ScheduleViews.fields(current))).setAll((ObjectNode) changes);
        if (changes.has("every") && !changes.has("cron")) {
            merged.remove(List.of("cron", "time_zone"));
        } else if (changes.has("cron") && !changes.has("every")) {
            merged.remove("every");
        }
        return change(current, merged, request);
    }

    @Operation(summary = "Delete a task schedule and its stored input; its tasks stay")
    @DeleteMapping({ONE, ONE + "/"})
    Map<String, Object> delete(@PathVariable String account, @PathVariable String id, HttpServletRequest request) {
        TaskSchedule schedule = access.visible(account, id);
        access.check(Access.caller(), schedule);
        Map<String, Object> view = views.summary(schedule);
        together.executeWithoutResult(t -> {
            schedules.delete(id);
            stored.delete(id);
            access.audited("delete", schedule);
        });
        triggers.remove(id);
        return KazooEnvelope.success(request, view);
    }

    private Map<String, Object> change(TaskSchedule current, JsonNode data, HttpServletRequest request) {
        TaskSchedule changed = TaskSchedule.read(data, current.id(), current.accountId(), current.authAccountId(), current.created())
                .withInput(current.inputName(), current.inputRows());
        if (!changed.category().equals(current.category()) || !changed.action().equals(current.action())) {
            throw ApiException.badRequest(changed.category().equals(current.category()) ? "action" : "category",
                    "a schedule's category and action do not change: create another schedule");
        }
        access.check(Access.caller(), changed);
        together.executeWithoutResult(t -> {
            schedules.update(changed);
            access.audited(changed.enabled() == current.enabled() ? "change" : changed.enabled() ? "resume" : "pause", changed);
        });
        if (!changed.firesAsBefore(current)) {
            triggers.put(changed);
        }
        return KazooEnvelope.success(request, views.full(changed));
    }
}
