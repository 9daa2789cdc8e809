package io.batchworks.plugin;

import java.util.Map;

/**
 * The task a row or chunk belongs to.
 *
 * @param accountId     the account the task works on (Kazoo's {@code account_id})
 * @param authAccountId the account that created it
 * @param params        the request's extra parameters, e.g. {@code ratedeck_id} of an export
 */
public record TaskInfo(String id, String accountId, String authAccountId, String category, String action,
                       Map<String, String> params) {

    public TaskInfo {
        params = Map.copyOf(params);
    }

    /** A parameter, or {@code fallback} when it is absent or blank. */
    public String param(String name, String fallback) {
        String value = params.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
