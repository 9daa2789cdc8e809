package io.batchworks.engine.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.engine.EngineDatabase;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code bw_task} table. Progress updates run inside the caller's transaction (a chunk's). Every change
 * stamps {@code modified}. Status changes are compare-and-set updates that only {@link TaskLifecycle} calls: of
 * several requests or nodes moving one task, one wins.
 */
@Component
public class TaskStore {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Task> mapper;
    private final String changesQuery;
    private final String walkingTheIndex;

    public TaskStore(JdbcClient jdbc, JsonMapper json, EngineDatabase database) {
        this.jdbc = jdbc;
        this.json = json;
        // The account's pages order by every column of the index they walk, account_id included (EngineDatabase.walkingTheIndex)
        this.walkingTheIndex = database.walkingTheIndex();
        this.changesQuery = "SELECT * FROM bw_task WHERE account_id = ? AND modified > ? ORDER BY account_id, modified"
                + " FETCH FIRST ? ROWS ONLY" + walkingTheIndex;
        this.mapper = (rs, n) -> new Task(rs.getString("id"), rs.getString("account_id"), rs.getString("auth_account_id"),
                rs.getString("category"), rs.getString("action"), rs.getString("file_name"),
                json.readValue(rs.getString("params"), PARAMS), rs.getLong("created"), TaskStatus.of(rs.getString("status")),
                (Long) rs.getObject("total_count", Long.class), rs.getLong("success_count"), rs.getLong("failure_count"),
                rs.getObject("started", Long.class), rs.getObject("ended", Long.class), rs.getObject("run_started", Long.class),
                rs.getLong("run_base_count"), rs.getString("node"), rs.getObject("job_execution_id", Long.class),
                rs.getLong("modified"), rs.getBoolean("run_wanted"), rs.getInt("attempts"),
                rs.getObject("retry_at", Long.class), rs.getString("schedule_id"), rs.getObject("queued", Long.class),
                TaskPriority.ofRank(rs.getInt("priority")), rs.getInt("weight"), rs.getBoolean("keep"));
    }

    /** A new task, with the bytes of its files so far (its input). */
    public void insert(Task t, long fileBytes) {
        jdbc.sql("INSERT INTO bw_task (id, account_id, auth_account_id, category, action, file_name, params, created, status,"
                        + " total_count, modified, run_wanted, schedule_id, priority, file_bytes)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.accountId(), t.authAccountId(), t.category(), t.action(), t.fileName(),
                        json.writeValueAsString(t.params()), t.created(), t.status().wire(), t.totalCount(), t.modified(), t.runWanted(),
                        t.scheduleId(), t.priority().rank(), fileBytes)
                .update();
    }

    public Optional<Task> find(String id) {
        return jdbc.sql("SELECT * FROM bw_task WHERE id = ?").param(id).query(mapper).optional();
    }

    /** The newest task a schedule's fires made, if any is left; of those in {@code statuses} only, unless none are given. */
    public Optional<Task> lastOfSchedule(String scheduleId, TaskStatus... statuses) {
        String in = statuses.length == 0 ? "" : " AND status IN (" + String.join(", ", Collections.nCopies(statuses.length, "?")) + ")";
        List<Object> params = new ArrayList<>(List.of(scheduleId));
        for (TaskStatus status : statuses) {
            params.add(status.wire());
        }
        return jdbc.sql("SELECT * FROM bw_task WHERE schedule_id = ?" + in + " ORDER BY schedule_id, created DESC FETCH FIRST 1 ROWS ONLY")
                .params(params).query(mapper).optional();
    }

    /**
     * Which tasks a list shows: any of these left {@code null} matches every task.
     *
     * @param createdAfter  created at or after (epoch ms)
     * @param createdBefore created before (epoch ms)
     */
    public record Filter(String category, String action, String status, Long createdAfter, Long createdBefore) {
    }

    /** One page of an account's tasks, newest first, starting at {@code (created, id)} of a previous page's next key. */
    public List<Task> page(String accountId, Long fromCreated, String fromId, int size, Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM bw_task WHERE account_id = ?");
        List<Object> params = new ArrayList<>(List.of(accountId));
        if (fromCreated != null) {
            // created <= ? first: a bound the index can start from (the OR alone is not one)
            sql.append(" AND created <= ? AND (created < ? OR id <= ?)");
            params.addAll(List.of(fromCreated, fromCreated, fromId));
        }
        for (String[] column : new String[][] {{"category", filter.category()}, {"action", filter.action()}, {"status", filter.status()}}) {
            if (column[1] != null) {
                sql.append(" AND ").append(column[0]).append(" = ?");
                params.add(column[1]);
            }
        }
        if (filter.createdAfter() != null) {
            sql.append(" AND created >= ?");
            params.add(filter.createdAfter());
        }
        if (filter.createdBefore() != null) {
            sql.append(" AND created < ?");
            params.add(filter.createdBefore());
        }
        params.add(size);
        return jdbc.sql(sql + " ORDER BY account_id DESC, created DESC, id DESC FETCH FIRST ? ROWS ONLY"
                + walkingTheIndex).params(params).query(mapper).list();
    }

    /** An account's tasks changed after {@code modifiedAfter} (epoch ms), oldest change first, at most {@code size}. */
    public List<Task> changedSince(String accountId, long modifiedAfter, int size) {
        return jdbc.sql(changesQuery).params(accountId, modifiedAfter, size).query(mapper).list();
    }

    /** Tasks recorded as executing on this node: when it was killed, or lost the database before a run could end. */
    public List<Task> executingOn(String node) {
        return jdbc.sql("SELECT * FROM bw_task WHERE status = ? AND node = ?").params(TaskStatus.EXECUTING.wire(), node).query(mapper).list();
    }

    /** This node's tasks that a fault ended and that are due to be resumed by now (epoch ms). */
    public List<Task> dueForRetry(String node, long now) {
        return jdbc.sql("SELECT * FROM bw_task WHERE status = ? AND node = ? AND retry_at <= ? ORDER BY retry_at")
                .params(TaskStatus.INTERNAL_ERROR.wire(), node, now).query(mapper).list();
    }

    /** Tasks of a type asked to run, in a status they may be resumed from, that have not changed since {@code before} (epoch ms). */
    public List<Task> stalled(String category, String action, long before) {
        List<String> resumable = TaskStatus.Move.RESUME.fromNames();
        return jdbc.sql("SELECT * FROM bw_task WHERE category = ? AND action = ? AND run_wanted AND queued IS NULL AND status IN ("
                        + marks(resumable.size()) + ") AND modified < ? ORDER BY created")
                .params(params(category, action, resumable, before)).query(mapper).list();
    }

    /**
     * Takes over a task exactly as it was read ({@code seen}): false when anything changed it since, e.g. another
     * node claimed it first. The row's update is the lock: of two claims on the same state, one updates nothing.
     * A resume is automatic, so it counts as an attempt until a chunk commits.
     */
    boolean reclaim(Task seen, String node) {
        long now = Math.max(System.currentTimeMillis(), seen.modified() + 1);
        return jdbc.sql("UPDATE bw_task SET status = ?, node = ?, started = COALESCE(started, ?), ended = NULL, modified = ?,"
                        + " attempts = attempts + 1, retry_at = NULL WHERE id = ? AND status = ? AND modified = ? AND COALESCE(node, '') = ?")
                .params(TaskStatus.EXECUTING.wire(), node, now, now, seen.id(), seen.status().wire(), seen.modified(),
                        seen.node() == null ? "" : seen.node())
                .update() == 1;
    }

    /** Marks the task kept on purpose, or not: the cleanup of finished work never removes a kept task. */
    public void keep(String id, boolean keep) {
        jdbc.sql("UPDATE bw_task SET keep = ?, modified = ? WHERE id = ?").params(keep, System.currentTimeMillis(), id).update();
    }

    /** The bytes of the task's files now, counted against its account's quota. */
    void fileBytes(String id, long bytes) {
        jdbc.sql("UPDATE bw_task SET file_bytes = ? WHERE id = ?").params(bytes, id).update();
    }

    /** The bytes of task files the account keeps: its tasks' inputs and outputs, as last recorded. */
    public long accountFileBytes(String accountId) {
        return jdbc.sql("SELECT COALESCE(SUM(file_bytes), 0) FROM bw_task WHERE account_id = ?").param(accountId).query(Long.class).single();
    }

    /** A run began: remember its execution and where its counts stood, for rows per second. */
    public void runStarted(String id, long jobExecutionId) {
        long now = System.currentTimeMillis();
        jdbc.sql("UPDATE bw_task SET job_execution_id = ?, run_started = ?, run_base_count = success_count + failure_count,"
                        + " modified = ? WHERE id = ?")
                .params(jobExecutionId, now, now, id).update();
    }

    /**
     * A chunk's counts, added in the chunk's transaction: exact after a crash because they commit with the chunk, and
     * the partitions of one task each add theirs. A run that commits is no failed attempt.
     */
    public void progress(String id, long success, long failure) {
        jdbc.sql("UPDATE bw_task SET success_count = success_count + ?, failure_count = failure_count + ?, modified = ?, attempts = 0"
                        + " WHERE id = ?")
                .params(success, failure, System.currentTimeMillis(), id).update();
    }

    /**
     * executing on {@code node} → {@code status}; false when the task was not executing there (another node took it
     * over meanwhile, say), which leaves it as it is.
     *
     * @param retryAt when recovery is to resume it (a fault ended it), or null
     */
    boolean finish(String id, String node, TaskStatus status, Long totalCount, Long retryAt) {
        long now = System.currentTimeMillis();
        return jdbc.sql("UPDATE bw_task SET status = ?, ended = ?, modified = ?, total_count = COALESCE(?, total_count),"
                        + " retry_at = ? WHERE id = ? AND status = ? AND node = ?")
                .params(status.wire(), now, now, totalCount, retryAt, id, TaskStatus.EXECUTING.wire(), node).update() == 1;
    }

    /** pending → {@code failure}, never run; false when it was no longer pending. */
    boolean forgo(String id) {
        long now = System.currentTimeMillis();
        return jdbc.sql("UPDATE bw_task SET status = ?, ended = ?, modified = ? WHERE id = ? AND status = ?")
                .params(TaskStatus.FAILURE.wire(), now, now, id, TaskStatus.PENDING.wire()).update() == 1;
    }

    /** Deletes a task if it is in one of {@code from}. */
    boolean delete(String id, List<String> from) {
        return jdbc.sql("DELETE FROM bw_task WHERE id = ? AND status IN (" + marks(from.size()) + ")")
                .params(params(id, from)).update() == 1;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Statement arguments, with the elements of any list among them in its place. */
    private static List<Object> params(Object... values) {
        List<Object> all = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof List<?> list) {
                all.addAll(list);
            } else {
                all.add(v);
            }
        }
        return all;
    }
}
