package io.batchworks.plugin;

/** The authenticated account behind a request. */
public interface Caller {

    String accountId();

    boolean superAdmin();

    boolean reseller();

    /** True when the caller is a super admin, or {@code accountId} is the caller's account or one beneath it. */
    boolean canAccess(String accountId);
}
