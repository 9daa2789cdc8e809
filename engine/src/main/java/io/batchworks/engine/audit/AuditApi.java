package io.batchworks.engine.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.security.Access;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /v2/audit}: the audit records, oldest first, for super admins; {@code account_id} and
 * {@code target_id} narrow them, and Kazoo's {@code page_size}/{@code start_key} page them.
 */
@RestController
class AuditApi {

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @Operation(summary = "Who did what to which task, and when (super admins)")
    @GetMapping({"/v2/audit", "/v2/audit/"})
    Map<String, Object> list(@RequestParam(name = "account_id", required = false) String accountId,
                             @RequestParam(name = "target_id", required = false) String targetId, HttpServletRequest request) {
        Access.superAdmin();
        KazooPage page = KazooPage.of(request);
        long after = 0;
        if (page.startKey() != null) {
            try {
                after = Long.parseLong(page.startKey()) - 1;
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("start_key", "start_key is not a key this API returned");
            }
        }
        return page.reply(request, audit.list(blankToNull(accountId), blankToNull(targetId), after, page.fetchSize()),
                AuditApi::view, e -> Long.toString(e.id()));
    }

    private static Map<String, Object> view(AuditLog.Entry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("timestamp", KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(e.happened())));
        v.put("actor", e.actor());
        if (e.actorAccountId() != null) {
            v.put("actor_account_id", e.actorAccountId());
        }
        v.put("action", e.action());
        v.put("target_type", e.targetType());
        v.put("target_id", e.targetId());
        if (e.accountId() != null) {
            v.put("account_id", e.accountId());
        }
        if (e.detail() != null) {
            v.put("detail", e.detail());
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
