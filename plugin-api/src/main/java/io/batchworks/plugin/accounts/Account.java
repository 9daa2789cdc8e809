package io.batchworks.plugin.accounts;

/**
 * An account (Kazoo's): a tree under the master account.
 *
 * @param ratedeckId the ratedeck assigned to this account, or {@code null}
 */
public record Account(String id, String name, String parentId, boolean reseller, boolean superAdmin,
                      String ratedeckId) {
}
