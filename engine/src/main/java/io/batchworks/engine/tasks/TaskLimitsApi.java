package io.batchworks.engine.tasks;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.accounts.AccountLimits;
import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.engine.audit.AuditLog;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.web.ChangedFields;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.accounts.Account;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tools.jackson.databind.JsonNode;

/**
 * An account's own limits on its tasks, {@code task_limits} on its document, which super admins set with
 * {@code PATCH /v2/accounts/{A}}: {@code max_running}, {@code max_pending}, {@code max_file_bytes}, each a whole number
 * (0: no limit) or null (the setting again). The account's other fields never change.
 */
@RestController
class TaskLimitsApi {

    private static final Set<String> FIELDS = Set.of("max_running", "max_pending", "max_file_bytes");

    private final AccountStore accounts;
    private final AccountLimits limits;
    private final AuditLog audit;
    private final TransactionTemplate withItsRecord;

    TaskLimitsApi(AccountStore accounts, AccountLimits limits, AuditLog audit, PlatformTransactionManager transactions) {
        this.accounts = accounts;
        this.limits = limits;
        this.audit = audit;
        this.withItsRecord = new TransactionTemplate(transactions);
    }

    @Operation(summary = "Set an account's own limits on its tasks (super admins)", description = "data.task_limits: max_running"
            + " (tasks at once across the nodes), max_pending (tasks not yet run), max_file_bytes (bytes of task files); each a"
            + " whole number, 0 for none, or null for the setting. Only the fields given change.")
    @PatchMapping({"/v2/accounts/{account}", "/v2/accounts/{account}/"})
    Map<String, Object> change(@PathVariable String account, @RequestBody JsonNode body, HttpServletRequest request) {
        Access.superAdmin();
        Account found = accounts.find(account).orElseThrow(() -> ApiException.notFound("account_id", account));
        JsonNode data = body.path("data");
        ChangedFields.onlyChanges(data, "task_limits", "an account's");
        JsonNode given = data.path("task_limits");
        if (!given.isObject()) {
            throw ApiException.badRequest("task_limits", "task_limits must be an object of " + FIELDS);
        }
        AccountLimits.Limits own = limits.own(account);
        Integer running = own.maxRunning();
        Integer pending = own.maxPending();
        Long bytes = own.maxFileBytes();
        for (String field : given.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("task_limits." + field, "task_limits holds only " + FIELDS);
            }
            JsonNode v = given.get(field);
            if (!v.isNull() && !(v.isIntegralNumber() && v.asLong() >= 0 && (field.equals("max_file_bytes") || v.canConvertToInt()))) {
                throw ApiException.badRequest("task_limits." + field, field + " must be a whole number, 0 or more, or null");
            }
            switch (field) {
                case "max_running" -> running = v.isNull() ? null : v.asInt();
                case "max_pending" -> pending = v.isNull() ? null : v.asInt();
                default -> bytes = v.isNull() ? null : v.asLong();
            }
        }
        AccountLimits.Limits set = new AccountLimits.Limits(running, pending, bytes);
        withItsRecord.executeWithoutResult(t -> {
            limits.set(account, set);
            audit.record("set_limits", "account", account, account, given.toString());
        });
        Map<String, Object> document = AccountStore.document(found);
        document.putAll(limits.onDocument(account));
        return KazooEnvelope.success(request, document);
    }
}
