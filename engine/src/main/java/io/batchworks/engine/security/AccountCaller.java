package io.batchworks.engine.security;

import java.util.Set;

import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.plugin.accounts.Account;
import io.batchworks.plugin.accounts.Caller;

/**
 * The authenticated account behind a request: the Spring Security principal.
 *
 * @param permissions what a limited token may do; {@code null} for a full token
 */
public record AccountCaller(Account account, AccountStore accounts, Set<String> permissions) implements Caller {

    /** A full token's caller. */
    public AccountCaller(Account account, AccountStore accounts) {
        this(account, accounts, null);
    }

    /** True for a token limited to named permissions. */
    public boolean limited() {
        return permissions != null;
    }

    @Override
    public boolean has(String permission) {
        return permissions == null || permissions.contains(permission);
    }

    @Override
    public String accountId() {
        return account.id();
    }

    @Override
    public boolean superAdmin() {
        return account.superAdmin();
    }

    @Override
    public boolean reseller() {
        return account.reseller();
    }

    @Override
    public boolean canAccess(String accountId) {
        return superAdmin() || account.id().equals(accountId) || accounts.isWithin(accountId, account.id());
    }
}
