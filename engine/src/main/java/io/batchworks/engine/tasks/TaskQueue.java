package io.batchworks.engine.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The queue of started tasks waiting for a slot, in {@code bw_task} ({@code queued}, {@code queue_node},
 * {@code priority}, {@code weight}) and {@code bw_account_turn}: a queue per account, ordered by priority then by
 * when each task was queued; the accounts served in turn, the one whose last slot is oldest first (an account that
 * never had one before every other). Only {@link TaskLifecycle} moves a task in or out of it.
 */
@Component
public class TaskQueue {

    private static final String WAITING = "status = 'pending' AND queued IS NOT NULL";
    private static final String HERE = " AND (queue_node IS NULL OR queue_node = ?)";

    private final JdbcClient jdbc;
    private final boolean postgres;
    /** Accounts whose {@code bw_account_turn} row is known to exist: it is never removed. */
    private final Set<String> turns = ConcurrentHashMap.newKeySet();

    TaskQueue(JdbcClient jdbc, EngineDatabase database) {
        this.jdbc = jdbc;
        this.postgres = database.kind() == Database.POSTGRESQL;
    }

    /**
     * {@code from} → pending and queued, with its priority; {@code node} is the node that must run it (its files are
     * there alone), or null for any.
     */
    boolean enqueue(Task task, String node) {
        long now = System.currentTimeMillis();
        return jdbc.sql("UPDATE bw_task SET status = 'pending', queued = ?, queue_node = ?, priority = ?, ended = NULL, retry_at = NULL,"
                        + " run_wanted = TRUE, modified = ? WHERE id = ? AND status = ? AND queued IS NULL")
                .params(now, node, task.priority().rank(), now, task.id(), task.status().wire()).update() == 1;
    }

    /**
     * Queued → executing on {@code node}, if its account runs less than {@code limit} (0: no limit) with it: the
     * account's turn row is locked first, so claims of one account on any node are checked one after the other.
     */
    boolean claim(Task queued, String node, int weight, int limit) {
        lockTurn(queued.accountId());
        if (limit > 0 && runningWeight(queued.accountId()) + weight > limit) {
            return false;
        }
        long now = System.currentTimeMillis();
        boolean claimed = jdbc.sql("UPDATE bw_task SET status = 'executing', node = ?, started = COALESCE(started, ?), ended = NULL,"
                        + " modified = ?, attempts = 0, retry_at = NULL, queued = NULL, queue_node = NULL, weight = ? WHERE id = ? AND "
                        + WAITING)
                .params(node, now, now, weight, queued.id()).update() == 1;
        if (claimed) {
            jdbc.sql("UPDATE bw_account_turn SET served = ? WHERE account_id = ?").params(now, queued.accountId()).update();
        }
        return claimed;
    }

    /** Queued → {@code stopped}: taken out of the queue before it ran. */
    boolean unqueue(String id) {
        long now = System.currentTimeMillis();
        return jdbc.sql("UPDATE bw_task SET status = 'stopped', queued = NULL, queue_node = NULL, ended = ?, modified = ? WHERE id = ? AND "
                + WAITING).params(now, now, id).update() == 1;
    }

    /**
     * Locks the account's turn row (made if missing) until the transaction ends: claims and creates of one account,
     * on any node, are counted one after the other.
     */
    void lockTurn(String accountId) {
        if (!turns.contains(accountId)) {
            if (postgres) { // an error would end PostgreSQL's transaction: no insert that can fail
                jdbc.sql("INSERT INTO bw_account_turn (account_id, served) VALUES (?, 0) ON CONFLICT DO NOTHING").param(accountId).update();
            } else {
                try {
                    jdbc.sql("MERGE INTO bw_account_turn USING (VALUES (CAST(? AS VARCHAR(32)))) AS v (id) ON account_id = v.id"
                            + " WHEN NOT MATCHED THEN INSERT VALUES (v.id, 0)").param(accountId).update();
                } catch (DuplicateKeyException madeMeanwhile) {
                    // by another thread's claim: HSQLDB's transaction goes on
                }
            }
            turns.add(accountId);
        }
        jdbc.sql("UPDATE bw_account_turn SET served = served WHERE account_id = ?").param(accountId).update();
    }

    /** The accounts with tasks waiting that {@code node} may run, in turn order, at most {@code most}. */
    List<String> accountsInTurn(String node, int most) {
        return jdbc.sql("SELECT t.account_id FROM bw_task t LEFT JOIN bw_account_turn r ON r.account_id = t.account_id"
                        + " WHERE t.status = 'pending' AND t.queued IS NOT NULL AND (t.queue_node IS NULL OR t.queue_node = ?)"
                        + " GROUP BY t.account_id"
                        + " ORDER BY COALESCE(MAX(r.served), 0), MIN(t.queued) FETCH FIRST ? ROWS ONLY")
                .params(node, most).query(String.class).list();
    }

    /** The id of the account's next task that {@code node} may run: by priority, then the longest queued. */
    Optional<String> next(String accountId, String node) {
        return jdbc.sql("SELECT id FROM bw_task WHERE account_id = ? AND " + WAITING + HERE
                        + " ORDER BY priority, queued, id FETCH FIRST 1 ROWS ONLY")
                .params(accountId, node).query(String.class).optional();
    }

    /** What the account's running tasks count against its limit, across every node. */
    int runningWeight(String accountId) {
        return jdbc.sql("SELECT COALESCE(SUM(weight), 0) FROM bw_task WHERE account_id = ? AND status = 'executing'")
                .param(accountId).query(Integer.class).single();
    }

    /** A queued task's place in its account's queue: 1 when it runs next of its account's. */
    long place(Task queued) {
        return 1 + jdbc.sql("SELECT COUNT(*) FROM bw_task WHERE account_id = ? AND " + WAITING
                        + " AND (priority < ? OR priority = ? AND (queued < ? OR queued = ? AND id < ?))")
                .params(queued.accountId(), queued.priority().rank(), queued.priority().rank(), queued.queued(), queued.queued(),
                        queued.id())
                .query(Long.class).single();
    }

    /** How many tasks wait for a slot, by account. */
    Map<String, Long> waitingByAccount() {
        Map<String, Long> waiting = new LinkedHashMap<>();
        jdbc.sql("SELECT account_id, COUNT(*) FROM bw_task WHERE " + WAITING + " GROUP BY account_id")
                .query(rs -> {
                    waiting.put(rs.getString(1), rs.getLong(2));
                });
        return waiting;
    }
}
