package io.batchworks.plugin.accounts;

/** The authenticated account behind a request. */
public interface Caller {

    String accountId();

    boolean superAdmin();

    boolean reseller();

    /** True when the caller is a super admin, or {@code accountId} is the caller's account or one beneath it. */
    boolean canAccess(String accountId);

    /**
     * True when the caller's token carries the permission: a full token carries every one, a token issued with a
     * permission list (e.g. Taler's {@code reports-read}) only those.
     */
    boolean has(String permission);
}
