package io.batchworks.plugins.numbers;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.accounts.Caller;

import org.springframework.web.servlet.function.ServerRequest;

/**
 * Whose resources a request is about (Kazoo's rule): the account in the path, or the global resources when the
 * path has none or says {@code global_resources}; only a super admin may touch the global ones.
 */
final class Scopes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PluginContext context;

    Scopes(PluginContext context) {
        this.context = context;
    }

    /** The account id, or {@code null} for the global resources, after checking the caller may act on it. */
    String resources(ServerRequest request) {
        Caller caller = context.caller(request);
        String account = request.pathVariables().get("account");
        boolean global = account == null || request.path().contains("/global_resources");
        if (global) {
            if (!caller.superAdmin()) {
                throw new ApiException(403, "forbidden", Map.of("message", "global resources need a super admin"));
            }
            return null;
        }
        return account(caller, account);
    }

    /** The account whose jobs a request is about: the path's, or the caller's (a super admin's: the master) without one. */
    String jobs(ServerRequest request) {
        Caller caller = context.caller(request);
        String account = request.pathVariables().get("account");
        if (account == null) {
            if (!caller.superAdmin()) {
                throw new ApiException(403, "forbidden", Map.of("message", "jobs without an account need a super admin"));
            }
            return caller.accountId();
        }
        return account(caller, account);
    }

    private String account(Caller caller, String account) {
        if (context.accounts().find(account).isEmpty()) {
            throw ApiException.notFound("account_id", account);
        }
        if (!caller.canAccess(account)) {
            throw new ApiException(403, "forbidden", Map.of("account_id", account));
        }
        return account;
    }

    /** {@code bytes} random bytes as lower-case hex. */
    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
