package io.batchworks.engine.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.engine.accounts.AccountLimits;
import io.batchworks.plugin.ApiException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An account's quotas on what it keeps: tasks pending (not started, queued for a slot, or waiting for others) and bytes
 * of task files ({@code batchworks.quotas.*}, or the account's own {@code task_limits}). A create over one is refused
 * with 429, naming the quota, and makes nothing.
 */
@Component
class TaskQuotas {

    private final JdbcClient jdbc;
    private final AccountLimits limits;
    private final TaskQueue queue;
    private final TaskStore tasks;

    TaskQuotas(JdbcClient jdbc, AccountLimits limits, TaskQueue queue, TaskStore tasks) {
        this.tasks = tasks;
        this.jdbc = jdbc;
        this.limits = limits;
        this.queue = queue;
    }

    /**
     * 429 when one more task of the account, with {@code bytes} of files, would pass a quota. In a create's transaction,
     * the account's creates and claims are counted one after the other (its turn row locked), so none passes a quota
     * by racing another; outside one (before an upload is received, say) it is a first look.
     */
    void check(String accountId, long bytes, boolean inTransaction) {
        AccountLimits.Limits applying = limits.effective(accountId);
        if (applying.maxPending() == 0 && applying.maxFileBytes() == 0) {
            return;
        }
        if (inTransaction) {
            queue.lockTurn(accountId);
        }
        if (applying.maxPending() > 0) {
            long pending = jdbc.sql("SELECT COUNT(*) FROM bw_task WHERE account_id = ? AND status = 'pending'").param(accountId)
                    .query(Long.class).single();
            if (pending + 1 > applying.maxPending()) {
                throw over(accountId, "max_pending", applying.maxPending(), pending, 1, "tasks pending (not run yet)",
                        "batchworks.quotas.pending-tasks");
            }
        }
        if (applying.maxFileBytes() > 0) {
            long kept = tasks.accountFileBytes(accountId);
            if (kept + bytes > applying.maxFileBytes()) {
                throw over(accountId, "max_file_bytes", applying.maxFileBytes(), kept, bytes, "bytes of task files",
                        "batchworks.quotas.file-bytes");
            }
        }
    }

    /** The refusal: {@code data} names the quota, its limit, what the account keeps now and what the create would add. */
    private static ApiException over(String accountId, String quota, long limit, long kept, long adding, String what, String setting) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("quota", quota);
        data.put("limit", limit);
        data.put("current", kept);
        data.put("adding", adding);
        return new ApiException(429, "quota " + quota + " exceeded: account " + accountId + " may keep at most " + limit + " "
                + what + " (" + setting + ", or task_limits." + quota + " on the account)", data);
    }
}
