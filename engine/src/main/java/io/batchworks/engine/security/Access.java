package io.batchworks.engine.security;

import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.Permission;
import io.batchworks.plugin.accounts.Caller;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who may act on which account: Kazoo's rules, in one place. */
public final class Access {

    private Access() {
    }

    /**
     * The authenticated caller with a full token; 401 when there is none, 403 for a token limited to named
     * permissions (those open only the routes that ask for them: {@link #caller(String)}).
     */
    public static AccountCaller caller() {
        AccountCaller caller = anyCaller();
        if (caller.limited()) {
            throw new ApiException(403, "this token is limited to " + String.join(", ", caller.permissions()), null);
        }
        return caller;
    }

    /** The authenticated caller if its token carries {@code permission} (a full token carries every one). */
    public static AccountCaller caller(String permission) {
        AccountCaller caller = anyCaller();
        if (!caller.has(permission)) {
            throw new ApiException(403, "this token lacks the permission " + permission, Map.of("permission", permission));
        }
        return caller;
    }

    /** The authenticated caller, whatever its token may do; 401 when there is none. */
    public static AccountCaller anyCaller() {
        return currentCaller().orElseThrow(() -> new ApiException(401, "invalid credentials", null));
    }

    /** The authenticated caller of this thread's request, if any (none when the engine acts by itself). */
    public static Optional<AccountCaller> currentCaller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof AccountCaller caller ? Optional.of(caller) : Optional.empty();
    }

    /** 403 unless the caller may act on the account. */
    public static void requireAccount(Caller caller, String accountId) {
        if (!caller.canAccess(accountId)) {
            throw forbidden(accountId);
        }
    }

    /** The caller, if a super admin with a full token (the operators' routes: plugins, schedules); else 403. */
    public static AccountCaller superAdmin() {
        AccountCaller caller = caller();
        require(caller, Permission.SUPER_ADMIN, caller.accountId());
        return caller;
    }

    /** 403 unless the caller holds the permission on the account. */
    public static void require(Caller caller, Permission permission, String accountId) {
        requireAccount(caller, accountId);
        boolean allowed = switch (permission) {
            case SUPER_ADMIN -> caller.superAdmin();
            case RESELLER -> caller.superAdmin() || caller.reseller();
            case ACCOUNT -> true;
        };
        if (!allowed) {
            throw forbidden(accountId);
        }
    }

    private static ApiException forbidden(String accountId) {
        return new ApiException(403, "forbidden", Map.of("account_id", accountId));
    }
}
