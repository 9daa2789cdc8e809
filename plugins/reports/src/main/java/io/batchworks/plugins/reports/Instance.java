package io.batchworks.plugins.reports;

/**
 * A Taler instance: an account of this engine ({@code default} is the master account).
 *
 * @param id        Taler's instance id
 * @param accountId the account it is
 */
record Instance(String id, String accountId) {

    static final String DEFAULT = "default";

    /** Why a data source path reaches outside this instance, or {@code null}. */
    String outside(String path) {
        if (path.startsWith("/instances/") || path.equals("/instances")) {
            return "must be a path under the instance, without /instances/";
        }
        String accounts = "/v2/accounts/";
        if (!id.equals(DEFAULT) && path.startsWith(accounts)) {
            String rest = path.substring(accounts.length());
            String account = rest.split("[/?]", 2)[0];
            if (!account.equals(accountId)) {
                return "must not reach another account than the instance's";
            }
        }
        return null;
    }
}
