package io.batchworks.plugin;

/** Who may create and run tasks of a type, on which account (Kazoo's rules). */
public enum Permission {
    /** Only a super-admin account. */
    SUPER_ADMIN,
    /** A super admin, or a reseller for itself and its own sub-accounts. */
    RESELLER,
    /** Any account for itself and its sub-accounts. */
    ACCOUNT
}
