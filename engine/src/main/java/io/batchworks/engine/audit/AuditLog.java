package io.batchworks.engine.audit;

import java.util.ArrayList;
import java.util.List;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.security.AccountCaller;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who did what, when ({@code bw_audit}): written once the change it records is made (in its transaction when it
 * has one), kept when the target is deleted. The actor is the request's account, or this node when the engine acts
 * by itself (recovery).
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final String node;
    private final String walkingTheIndex;

    AuditLog(JdbcClient jdbc, EngineSettings settings, EngineDatabase database) {
        this.jdbc = jdbc;
        this.node = settings.node();
        this.walkingTheIndex = database.walkingTheIndex();
    }

    /** One record. */
    public record Entry(long id, long happened, String actorAccountId, String actor, String action, String targetType,
                        String targetId, String accountId, String detail) {
    }

    /** Records {@code action} on a target of {@code accountId} by the current caller (or this node). */
    public void record(String action, String targetType, String targetId, String accountId, String detail) {
        AccountCaller caller = Access.currentCaller().orElse(null);
        String actor = caller == null ? "node " + node
                : caller.accountId() + (caller.limited() ? " (limited to " + String.join(", ", caller.permissions()) + ")" : "");
        jdbc.sql("INSERT INTO bw_audit (happened, actor_account_id, actor, action, target_type, target_id, account_id, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(System.currentTimeMillis(), caller == null ? null : caller.accountId(), truncate(actor, 255), action,
                        targetType, targetId, accountId, detail == null ? null : truncate(detail, 500))
                .update();
    }

    /** Records from {@code afterId} on (exclusive, 0 for the first), oldest first, of one account or of all. */
    public List<Entry> list(String accountId, String targetId, long afterId, int limit) {
        return jdbc.sql("SELECT * FROM bw_audit WHERE id > ?"
                        + (accountId == null ? "" : " AND account_id = ?")
                        + (targetId == null ? "" : " AND target_id = ?")
                        // ordered by the columns of the index that serves the filter (EngineDatabase.walkingTheIndex)
                        + " ORDER BY " + (targetId != null ? "target_id, id" : accountId != null ? "account_id, id" : "id")
                        + " FETCH FIRST " + limit + " ROWS ONLY" + walkingTheIndex)
                .params(params(afterId, accountId, targetId))
                .query((rs, i) -> new Entry(rs.getLong("id"), rs.getLong("happened"), rs.getString("actor_account_id"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                        rs.getString("account_id"), rs.getString("detail")))
                .list();
    }

    private static List<Object> params(long afterId, String accountId, String targetId) {
        List<Object> params = new ArrayList<>(List.of(afterId));
        if (accountId != null) {
            params.add(accountId);
        }
        if (targetId != null) {
            params.add(targetId);
        }
        return params;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
