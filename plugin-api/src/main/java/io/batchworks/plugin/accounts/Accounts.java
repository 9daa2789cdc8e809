package io.batchworks.plugin.accounts;

import java.util.Optional;

/** Read access to the engine's accounts. */
public interface Accounts {

    Optional<Account> find(String accountId);

    /** The master (super-admin) account, once the engine has created it. */
    Optional<Account> master();

    /**
     * The ratedeck that applies to an account: its own, else its nearest reseller's, else empty
     * (meaning the default deck).
     */
    Optional<String> ratedeckFor(String accountId);
}
