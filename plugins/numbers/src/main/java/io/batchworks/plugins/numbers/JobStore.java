package io.batchworks.plugins.numbers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.batchworks.plugin.data.Database;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code nb_job} table and the outcomes of a job's numbers ({@code nb_job_result}). */
final class JobStore {

    /** A job as created; its status and counts are its task's. */
    record Job(String id, String accountId, String authAccountId, String resourceId, String name, long created) {
    }

    /** One number's outcome: {@code reason} is null for a success. */
    record Result(String number, String reason, String message, String accountId, String resourceId, long at) {
    }

    /** Receives results one by one, as they are read. */
    @FunctionalInterface
    interface ResultSink {
        void accept(Result result) throws Exception;
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final String walkingTheIndex;

    JobStore(DataSource dataSource, Database database) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        // on HSQLDB, USING INDEX makes a page walk the index its ORDER BY lists instead of sorting every match
        this.walkingTheIndex = database == Database.HSQLDB ? " USING INDEX" : "";
    }

    void insert(Job job) {
        jdbc.sql("INSERT INTO nb_job (id, account_id, auth_account_id, resource_id, name, created) VALUES (?, ?, ?, ?, ?, ?)")
                .params(job.id(), job.accountId(), job.authAccountId(), job.resourceId(), job.name(), job.created()).update();
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM nb_job WHERE id = ?").param(id).update();
    }

    Optional<Job> find(String account, String id) {
        return jdbc.sql("SELECT * FROM nb_job WHERE id = ? AND account_id = ?").params(id, account).query(JobStore::job).optional();
    }

    /**
     * An account's jobs created in {@code [from, to]} (epoch ms), oldest first (Kazoo's view order), from the
     * start key on: a job id, or a created time.
     */
    List<Job> page(String account, long from, long to, Long startCreated, String startId, int limit) {
        long lower = startCreated == null ? from : Math.max(from, startCreated);
        // created >= ? first: a bound the index can start from; ordered by nb_job_by_account's columns (walkingTheIndex)
        return jdbc.sql("SELECT * FROM nb_job WHERE account_id = ? AND created <= ? AND created >= ? AND (created > ? OR id >= ?)"
                        + " ORDER BY account_id, created, id FETCH FIRST ? ROWS ONLY" + walkingTheIndex)
                .params(account, to, lower, lower, startId == null ? "" : startId, limit)
                .query(JobStore::job).list();
    }

    /**
     * Streams a job's outcomes in input order, successes or errors: a cursor with a fetch size, so a job of a
     * million numbers is never held in memory.
     */
    void results(String jobId, boolean ok, ResultSink sink) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT number, reason, message, account_id, resource_id, decided_at"
                    + " FROM nb_job_result WHERE job_id = ? AND ok = ? ORDER BY line")) {
                ps.setFetchSize(1000);
                ps.setString(1, jobId);
                ps.setBoolean(2, ok);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new Result(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6)));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static Job job(ResultSet rs, int n) throws java.sql.SQLException {
        return new Job(rs.getString("id"), rs.getString("account_id"), rs.getString("auth_account_id"),
                rs.getString("resource_id"), rs.getString("name"), rs.getLong("created"));
    }
}
