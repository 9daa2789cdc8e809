package io.batchworks.engine.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.Ids;
import io.batchworks.engine.audit.AuditLog;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.web.CreatedKey;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Kazoo's webhooks: {@code GET /v2/webhooks} (the hooks there are), {@code /v2/accounts/{ACCOUNT_ID}/webhooks}
 * ({@code PUT} creates, {@code GET} lists or shows one, {@code POST} replaces, {@code PATCH} changes some fields or,
 * on the list, {@code {"re-enable": true}} enables every auto-disabled hook again, {@code DELETE} removes) and their
 * attempts. An account's hooks are its own: reaching them needs access to the account.
 */
@RestController
class WebhooksApi {

    private static final String LIST = "/v2/accounts/{account}/webhooks";
    private static final String ONE = LIST + "/{id}";

    private final WebhookStore webhooks;
    private final Receivers receivers;
    private final JsonMapper json;
    private final AuditLog audit;

    WebhooksApi(WebhookStore webhooks, Receivers receivers, JsonMapper json, AuditLog audit) {
        this.webhooks = webhooks;
        this.receivers = receivers;
        this.json = json;
        this.audit = audit;
    }

    @Operation(summary = "The hooks a webhook may subscribe to, with the custom_data modifiers that narrow them")
    @GetMapping({"/v2/webhooks", "/v2/webhooks/"})
    Map<String, Object> hooks(HttpServletRequest request) {
        Access.caller();
        Map<String, Object> reply = KazooEnvelope.success(request, Hooks.listed());
        reply.put("page_size", Hooks.listed().size());
        return reply;
    }

    @Operation(summary = "An account's webhooks, oldest first; an auto-disabled one shows its disable_reason")
    @GetMapping({LIST, LIST + "/"})
    Map<String, Object> list(@PathVariable String account, HttpServletRequest request) {
        Access.requireAccount(Access.caller(), account);
        KazooPage page = KazooPage.of(request);
        CreatedKey from = CreatedKey.parse(page.startKey());
        return page.reply(request, webhooks.page(account, from.created(), from.id(), page.fetchSize()), Webhook::view,
                w -> CreatedKey.of(w.created(), w.id()));
    }

    @Operation(summary = "Create a webhook: name, uri, http_verb, hook, retries, custom_data, enabled, include_subaccounts")
    @PutMapping({LIST, LIST + "/"})
    ResponseEntity<Map<String, Object>> create(@PathVariable String account, @RequestBody JsonNode body, HttpServletRequest request) {
        Access.requireAccount(Access.caller(), account);
        Webhook hook = Webhook.read(body.path("data"), Ids.newId(), account, Ids.newSecret(), System.currentTimeMillis());
        receivers.check(hook.uri());
        webhooks.insert(hook);
        audit.record("create", "webhook", hook.id(), account, hook.hook() + " " + hook.uri());
        return ResponseEntity.status(201).body(KazooEnvelope.success(request, hook.view()));
    }

    @Operation(summary = "Re-enable every auto-disabled webhook of the account: {\"data\":{\"re-enable\":true}}")
    @PatchMapping({LIST, LIST + "/"})
    Map<String, Object> reEnable(@PathVariable String account, @RequestBody JsonNode body, HttpServletRequest request) {
        Access.requireAccount(Access.caller(), account);
        if (!body.path("data").path("re-enable").asBoolean(false)) {
            throw ApiException.badRequest("re-enable", "send {\"data\":{\"re-enable\":true}} to enable the account's disabled hooks");
        }
        int enabled = webhooks.reEnableAll(account);
        audit.record("re-enable", "webhook", account, account, enabled + " hooks");
        return KazooEnvelope.success(request, Map.of("re-enabled", enabled));
    }

    @Operation(summary = "The account's latest delivery attempts, newest first (task_id or schedule_id narrows them)")
    @GetMapping({LIST + "/attempts", LIST + "/attempts/"})
    Map<String, Object> attempts(@PathVariable String account, @RequestParam(name = "task_id", required = false) String taskId,
                                 @RequestParam(name = "schedule_id", required = false) String scheduleId, HttpServletRequest request) {
        Access.requireAccount(Access.caller(), account);
        return attemptsReply(account, null, taskId != null ? taskId : scheduleId, request);
    }

    @Operation(summary = "A webhook, with its secret")
    @GetMapping({ONE, ONE + "/"})
    Map<String, Object> get(@PathVariable String account, @PathVariable String id, HttpServletRequest request) {
        return KazooEnvelope.success(request, visible(account, id).view());
    }

    @Operation(summary = "A webhook's latest delivery attempts, newest first")
    @GetMapping({ONE + "/attempts", ONE + "/attempts/"})
    Map<String, Object> hookAttempts(@PathVariable String account, @PathVariable String id, HttpServletRequest request) {
        return attemptsReply(account, visible(account, id).id(), null, request);
    }

    @Operation(summary = "Replace a webhook")
    @PostMapping({ONE, ONE + "/"})
    Map<String, Object> replace(@PathVariable String account, @PathVariable String id, @RequestBody JsonNode body,
                                HttpServletRequest request) {
        return change(visible(account, id), body.path("data"), request);
    }

    @Operation(summary = "Change some fields of a webhook, e.g. {\"data\":{\"enabled\":true}} to enable it again")
    @PatchMapping({ONE, ONE + "/"})
    Map<String, Object> patch(@PathVariable String account, @PathVariable String id, @RequestBody JsonNode body,
                              HttpServletRequest request) {
        Webhook current = visible(account, id);
        if (!body.path("data").isObject()) {
            throw ApiException.badRequest("data", "data must be an object: the fields to change");
        }
        ObjectNode merged = ((ObjectNode) json.valueToTree(current.view())).setAll((ObjectNode) body.path("data"));
        return change(current, merged, request);
    }

    @Operation(summary = "Delete a webhook; what it was not yet told is dropped")
    @DeleteMapping({ONE, ONE + "/"})
    Map<String, Object> delete(@PathVariable String account, @PathVariable String id, HttpServletRequest request) {
        Webhook hook = visible(account, id);
        webhooks.delete(id);
        audit.record("delete", "webhook", id, account, hook.hook() + " " + hook.uri());
        return KazooEnvelope.success(request, hook.view());
    }

    private Map<String, Object> change(Webhook current, JsonNode data, HttpServletRequest request) {
        Webhook read = Webhook.read(data, current.id(), current.accountId(), current.secret(), current.created());
        receivers.check(read.uri());
        // enabled again: its failures forgotten; disabled by hand: no reason of the engine's; else as it was
        Webhook changed = read.enabled() == current.enabled() ? read.withState(current.disableReason(), current.failures()) : read;
        webhooks.update(changed);
        audit.record("change", "webhook", changed.id(), changed.accountId(), changed.enabled() ? "enabled" : "disabled");
        return KazooEnvelope.success(request, changed.view());
    }

    private Webhook visible(String account, String id) {
        Webhook hook = webhooks.find(id).filter(w -> w.accountId().equals(account)).orElseThrow(() -> ApiException.notFound("webhook_id", id));
        Access.requireAccount(Access.caller(), account);
        return hook;
    }

    private Map<String, Object> attemptsReply(String account, String webhookId, String subjectId, HttpServletRequest request) {
        KazooPage page = KazooPage.of(request);
        long before;
        try {
            before = page.startKey() == null ? Long.MAX_VALUE : Long.parseLong(page.startKey()) + 1;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("start_key", "start_key is not a key this API returned");
        }
        List<WebhookStore.Attempt> fetched = webhooks.attempts(account, webhookId, subjectId, before, page.fetchSize());
        return page.reply(request, fetched, WebhooksApi::attempt, a -> Long.toString(a.id()));
    }

    /** Kazoo's shape of an attempt. */
    private static Map<String, Object> attempt(WebhookStore.Attempt a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("hook_id", a.webhookId());
        v.put("event_id", a.eventId());
        v.put("subject_id", a.subjectId());
        v.put("result", a.result());
        if (a.responseCode() != null) {
            v.put("response_code", a.responseCode());
        }
        if (a.reason() != null) {
            v.put("reason", a.reason());
            if (a.responseCode() == null) {
                v.put("client_error", a.reason());
            }
        }
        v.put("retries left", a.retriesLeft());
        v.put("timestamp", KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(a.happened())));
        return v;
    }
}
