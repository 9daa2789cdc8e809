package io.batchworks.engine.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.accounts.AccountLimits;
import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.accounts.Account;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;

/** Kazoo's accounts (create a child, read one, its API key) and {@code PUT /v2/api_auth}. */
@RestController
class AccountsApi {

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final AccountLimits limits;

    AccountsApi(AccountStore accounts, TokenStore tokens, AccountLimits limits) {
        this.limits = limits;
        this.accounts = accounts;
        this.tokens = tokens;
    }

    /** Exchanges an account's API key for a token. */
    @Operation(summary = "Exchange an account's API key for a token")
    @PutMapping({"/v2/api_auth", "/v2/api_auth/"})
    ResponseEntity<Map<String, Object>> apiAuth(@RequestBody JsonNode body, HttpServletRequest request) {
        String apiKey = body.path("data").path("api_key").asString("");
        if (apiKey.isBlank()) {
            throw ApiException.badRequest("api_key", "api_key is required");
        }
        Account account = accounts.findByApiKey(apiKey)
                .orElseThrow(() -> new ApiException(401, "invalid credentials", Map.of("api_key", "unknown")));
        JsonNode limitedTo = body.path("data").path("permissions");
        List<String> permissions = null;
        if (!limitedTo.isMissingNode() && !limitedTo.isNull()) {
            if (!limitedTo.isArray() || !limitedTo.valueStream().allMatch(p -> p.isString() && !p.asString().isBlank())) {
                throw ApiException.badRequest("permissions", "permissions must be a list of permission names");
            }
            permissions = limitedTo.valueStream().map(JsonNode::asString).toList();
        }
        String token = tokens.issue(account.id(), permissions);
        Map<String, Object> data = AccountStore.document(account);
        if (permissions != null) {
            data.put("permissions", permissions);
        }
        data.put("account_id", account.id());
        Map<String, Object> reply = KazooEnvelope.success(request, data);
        reply.put("auth_token", token);
        return ResponseEntity.status(201).body(reply);
    }

    /**
     * What the request's token stands for (Kazoo's {@code token_auth} resource): its account, and for a limited token
     * its permissions. Any valid token may ask, so a client can learn its account from a token alone.
     */
    @Operation(summary = "The caller's token: its account and permissions")
    @GetMapping({"/v2/token_auth", "/v2/token_auth/"})
    Map<String, Object> tokenAuth(HttpServletRequest request) {
        AccountCaller caller = Access.anyCaller();
        Map<String, Object> data = AccountStore.document(caller.account());
        data.put("account_id", caller.accountId());
        if (caller.limited()) {
            data.put("permissions", List.copyOf(caller.permissions()));
        }
        return KazooEnvelope.success(request, data);
    }

    /** Revokes the request's own token (Kazoo's {@code DELETE /v2/token_auth}): any later use of it is a 401. */
    @Operation(summary = "Revoke the caller's own token")
    @DeleteMapping({"/v2/token_auth", "/v2/token_auth/"})
    Map<String, Object> revokeToken(HttpServletRequest request) {
        Access.anyCaller();
        tokens.revoke(TokenAuthenticationFilter.token(request));
        return KazooEnvelope.success(request, Map.of());
    }

    /** Creates a child account of {@code parent}: super admins and resellers, within their own tree. */
    @Operation(summary = "Create a sub-account")
    @PutMapping({"/v2/accounts/{account}", "/v2/accounts/{account}/"})
    ResponseEntity<Map<String, Object>> create(@PathVariable("account") String parent, @RequestBody JsonNode body, HttpServletRequest request) {
        AccountCaller caller = Access.caller();
        accounts.find(parent).orElseThrow(() -> ApiException.notFound("account_id", parent));
        Access.requireAccount(caller, parent);
        if (!caller.superAdmin() && !caller.reseller()) {
            throw new ApiException(403, "forbidden", Map.of("account_id", parent));
        }
        JsonNode data = body.path("data");
        String name = data.path("name").asString("").strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest("name", "name is required");
        }
        String ratedeck = data.path("ratedeck_id").isString() ? data.path("ratedeck_id").asString() : null;
        Account created = accounts.create(name, parent, data.path("is_reseller").asBoolean(false), false, ratedeck);
        return ResponseEntity.status(201).body(KazooEnvelope.success(request, AccountStore.document(created)));
    }

    @Operation(summary = "An account")
    @GetMapping({"/v2/accounts/{account}", "/v2/accounts/{account}/"})
    Map<String, Object> get(@PathVariable("account") String id, HttpServletRequest request) {
        Account account = accounts.find(id).orElseThrow(() -> ApiException.notFound("account_id", id));
        Access.requireAccount(Access.caller(), id);
        Map<String, Object> document = AccountStore.document(account);
        document.putAll(limits.onDocument(id));
        return KazooEnvelope.success(request, document);
    }

    @Operation(summary = "An account's API key")
    @GetMapping({"/v2/accounts/{account}/api_key", "/v2/accounts/{account}/api_key/"})
    Map<String, Object> apiKey(@PathVariable("account") String id, HttpServletRequest request) {
        accounts.find(id).orElseThrow(() -> ApiException.notFound("account_id", id));
        Access.requireAccount(Access.caller(), id);
        return KazooEnvelope.success(request, Map.of("api_key", accounts.apiKey(id).orElseThrow()));
    }
}
