package com.example.blocklist;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** {@code GET /v2/accounts/{account_id}/blocklist/{number}}: the entry in Kazoo's envelope, or 404. */
final class BlocklistApi {

    private final PluginContext context;
    private final BlocklistStore store;

    BlocklistApi(PluginContext context, BlocklistStore store) {
        this.context = context;
        this.store = store;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().GET("/v2/accounts/{account_id}/blocklist/{number}", this::lookup).build();
    }

    private ServerResponse lookup(ServerRequest request) {
        String account = request.pathVariable("account_id");
        String number = request.pathVariable("number");
        if (!context.caller(request).canAccess(account)) {
            throw new ApiException(403, "forbidden", Map.of("account_id", account));
        }
        BlockedNumber entry = store.find(account, number).orElseThrow(() -> ApiException.notFound("number", number));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("number", entry.number());
        data.put("reason", entry.reason());
        data.put("expires", entry.expires() == null ? null : entry.expires().toString());
        return KazooEnvelope.ok(request, data);
    }
}
