package io.batchworks.engine.security;

import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.plugin.Account;
import io.batchworks.plugin.Caller;

/** The authenticated account behind a request: the Spring Security principal. */
public record AccountCaller(Account account, AccountStore accounts) implements Caller {

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
