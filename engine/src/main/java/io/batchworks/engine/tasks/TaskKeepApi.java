package io.batchworks.engine.tasks;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.audit.AuditLog;
import io.batchworks.engine.web.ChangedFields;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v2/tasks/{id}} with {@code {"data": {"keep": true}}}: a task kept on purpose, which the cleanup of
 * finished work ({@code batchworks.retention.*}) never removes; {@code false} lets it go again. Only {@code keep}
 * changes on a task.
 */
@RestController
class TaskKeepApi {

    private final TaskStore tasks;
    private final TaskAccess access;
    private final TaskFiles files;
    private final AuditLog audit;
    private final TransactionTemplate withItsRecord;

    TaskKeepApi(TaskStore tasks, TaskAccess access, TaskFiles files, AuditLog audit, PlatformTransactionManager transactions) {
        this.access = access;
        this.audit = audit;
        this.withItsRecord = new TransactionTemplate(transactions);
        this.tasks = tasks;
        this.files = files;
    }

    @Operation(summary = "Keep a task from the cleanup of finished work, or let it go again", description = "data.keep: true"
            + " or false; nothing else of a task changes.")
    @PostMapping({"/v2/tasks/{id}", "/v2/tasks/{id}/", "/v2/accounts/{account}/tasks/{id}", "/v2/accounts/{account}/tasks/{id}/"})
    Map<String, Object> keep(@PathVariable(required = false) String account, @PathVariable String id, @RequestBody JsonNode body,
                             HttpServletRequest request) {
        Task task = access.visible(account, id);
        JsonNode data = body.path("data");
        ChangedFields.onlyChanges(data, "keep", "a task's");
        if (!data.path("keep").isBoolean()) {
            throw ApiException.badRequest("keep", "keep must be true or false");
        }
        boolean keep = data.path("keep").asBoolean();
        withItsRecord.executeWithoutResult(t -> {
            tasks.keep(id, keep);
            audit.record(keep ? "keep" : "let_go", "task", id, task.accountId(), null);
        });
        return KazooEnvelope.success(request, Map.of("_read_only", TaskViews.readOnly(tasks.find(id).orElseThrow(), files)));
    }
}
