package io.batchworks.plugins.scheduling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Field jobs: their record, desired date/times, checked-in users, and the bookings that schedule them. */
final class JobStore {

    static final String QUEUED = "queued";
    static final String SCHEDULED = "scheduled";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    private static final RowMapper<Job> JOB = JobStore::job;
    private static final RowMapper<Desired> DESIRED = (rs, n) -> new Desired(rs.getLong("id"), rs.getLong("job_id"),
            rs.getObject("day", LocalDate.class), rs.getInt("start_s"), rs.getInt("end_s"));

    private final JdbcClient jdbc;

    JobStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** A job's own columns; its users and check-ins are rows of their own. */
    record Job(long id, long jobTypeId, int lengthInMinutes, Long ticketId, String assignedType, long assignedId, String notes,
               String status, Long scheduled, Long createdBy, List<Long> services, Long completedAt, Long completedBy,
               Boolean completedSuccessfully, String completionReason) {

        long lengthSeconds() {
            return lengthInMinutes * 60L;
        }

        /** The geofence entity type of the assigned entity ({@code accounts} → {@code account}). */
        String entityType() {
            return assignedType.equals("accounts") ? "account" : "network_site";
        }
    }

    private static Job job(ResultSet rs, int n) throws SQLException {
        return new Job(rs.getLong("id"), rs.getLong("job_type_id"), rs.getInt("length_in_minutes"), rs.getObject("ticket_id", Long.class),
                rs.getString("assigned_type"), rs.getLong("assigned_id"), rs.getString("notes"), rs.getString("status"),
                rs.getObject("scheduled_s", Long.class), rs.getObject("created_by_user_id", Long.class), Rows.ids(rs.getString("services")),
                rs.getObject("completed_s", Long.class), rs.getObject("completed_by_user_id", Long.class),
                rs.getObject("completed_successfully", Boolean.class), rs.getString("completion_reason"));
    }

    long add(Job job) {
        return Rows.insert(jdbc, "INSERT INTO sch_job (job_type_id, length_in_minutes, ticket_id, assigned_type, assigned_id, notes, status,"
                        + " created_by_user_id, services) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                job.jobTypeId(), job.lengthInMinutes(), job.ticketId(), job.assignedType(), job.assignedId(), job.notes(), QUEUED,
                job.createdBy(), Rows.ids(job.services()));
    }

    Optional<Job> find(long id) {
        return jdbc.sql("SELECT * FROM sch_job WHERE id = ?").param(id).query(JOB).optional();
    }

    List<Job> list(int limit, long offset) {
        return jdbc.sql("SELECT * FROM sch_job ORDER BY id LIMIT ? OFFSET ?").params(limit, offset).query(JOB).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM sch_job").query(Long.class).single();
    }

    /** Writes the job's own columns (not its status or schedule, which move by the methods below). */
    void update(Job job) {
        jdbc.sql("UPDATE sch_job SET length_in_minutes = ?, ticket_id = ?, assigned_type = ?, assigned_id = ?, notes = ?, services = ?"
                        + " WHERE id = ?")
                .params(job.lengthInMinutes(), job.ticketId(), job.assignedType(), job.assignedId(), job.notes(),
                        Rows.ids(job.services()), job.id()).update();
    }

    boolean delete(long id) {
        for (String table : List.of("sch_booking", "sch_checkin", "sch_desired")) {
            jdbc.sql("DELETE FROM " + table + " WHERE job_id = ?").param(id).update();
        }
        return jdbc.sql("DELETE FROM sch_job WHERE id = ?").param(id).update() == 1;
    }

    // the schedule: a scheduled job has a start and one booking per user

    /** Books the job at {@code start} for {@code users} (whose calendars the caller has claimed), replacing its bookings. */
    void schedule(Job job, long start, List<Long> users) {
        jdbc.sql("DELETE FROM sch_booking WHERE job_id = ?").param(job.id()).update();
        for (long user : users) {
            jdbc.sql("INSERT INTO sch_booking (job_id, user_id, start_s, end_s) VALUES (?, ?, ?, ?)")
                    .params(job.id(), user, start, start + job.lengthSeconds()).update();
        }
        jdbc.sql("UPDATE sch_job SET status = ?, scheduled_s = ? WHERE id = ?").params(SCHEDULED, start, job.id()).update();
    }

    /** Back to the queue: no schedule, no users. */
    void queue(long id) {
        jdbc.sql("DELETE FROM sch_booking WHERE job_id = ?").param(id).update();
        jdbc.sql("UPDATE sch_job SET status = ?, scheduled_s = NULL, completed_s = NULL, completed_by_user_id = NULL,"
                + " completed_successfully = NULL, completion_reason = NULL WHERE id = ?").params(QUEUED, id).update();
    }

    /** Completed or failed: off the schedule, nobody checked in; on success the services go to the assigned entity. */
    void complete(Job job, boolean success, String reason, Long by, long at, List<Long> services) {
        jdbc.sql("DELETE FROM sch_booking WHERE job_id = ?").param(job.id()).update();
        jdbc.sql("DELETE FROM sch_checkin WHERE job_id = ?").param(job.id()).update();
        jdbc.sql("UPDATE sch_job SET status = ?, scheduled_s = NULL, completed_s = ?, completed_by_user_id = ?,"
                        + " completed_successfully = ?, completion_reason = ? WHERE id = ?")
                .params(success ? COMPLETED : FAILED, at, by, success, reason, job.id()).update();
        if (success) {
            for (long service : services) {
                jdbc.sql("INSERT INTO sch_entity_service (entity_type, entity_id, service_id, job_id) VALUES (?, ?, ?, ?)")
                        .params(job.entityType(), job.assignedId(), service, job.id()).update();
            }
        }
    }

    List<Long> users(long jobId) {
        return jdbc.sql("SELECT user_id FROM sch_booking WHERE job_id = ? ORDER BY user_id").param(jobId).query(Long.class).list();
    }

    // check-ins

    void checkIn(long jobId, long userId, long at) {
        if (jdbc.sql("SELECT count(*) FROM sch_checkin WHERE job_id = ? AND user_id = ?").params(jobId, userId).query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO sch_checkin (job_id, user_id, at_s) VALUES (?, ?, ?)").params(jobId, userId, at).update();
        }
    }

    void checkOut(long jobId, long userId) {
        jdbc.sql("DELETE FROM sch_checkin WHERE job_id = ? AND user_id = ?").params(jobId, userId).update();
    }

    /** The job as Sonar shows it. */
    Map<String, Object> view(Job job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", job.id());
        v.put("scheduled_datetime", job.scheduled() == null ? null : WallTime.format(job.scheduled()));
        v.put("job_type_id", job.jobTypeId());
        v.put("length_in_minutes", job.lengthInMinutes());
        v.put("ticket_id", job.ticketId());
        v.put("assigned_type", job.assignedType());
        v.put("assigned_id", job.assignedId());
        v.put("notes", job.notes());
        v.put("status", job.status());
        v.put("user_ids", users(job.id()));
        v.put("created_by_user_id", job.createdBy());
        List<Map<String, Object>> checkedIn = new ArrayList<>();
        jdbc.sql("SELECT user_id, at_s FROM sch_checkin WHERE job_id = ? ORDER BY at_s, user_id").param(job.id())
                .query(rs -> {
                    checkedIn.add(Map.of("user_id", rs.getLong(1), "datetime", WallTime.format(rs.getLong(2))));
                });
        v.put("checked_in_users", checkedIn);
        v.put("services", job.services());
        v.put("completed_at", job.completedAt() == null ? null : WallTime.format(job.completedAt()));
        v.put("completed_by_user_id", job.completedBy());
        v.put("completed_successfully", job.completedSuccessfully());
        v.put("completion_reason", job.completionReason());
        return v;
    }

    // desired date/times: when the customer would like the job done

    record Desired(long id, long jobId, LocalDate day, int start, int end) {
        Map<String, Object> view() {
            return Map.of("id", id, "date", day.toString(), "start_time", WallTime.formatTime(start), "end_time", WallTime.formatTime(end));
        }

        Interval interval() {
            return new Interval(WallTime.of(day) + start, WallTime.of(day) + end);
        }
    }

    long addDesired(long jobId, LocalDate day, int start, int end) {
        return Rows.insert(jdbc, "INSERT INTO sch_desired (job_id, day, start_s, end_s) VALUES (?, ?, ?, ?)", jobId, day, start, end);
    }

    Optional<Desired> desired(long jobId, long id) {
        return jdbc.sql("SELECT * FROM sch_desired WHERE job_id = ? AND id = ?").params(jobId, id).query(DESIRED).optional();
    }

    List<Desired> desired(long jobId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM sch_desired WHERE job_id = ? ORDER BY day, start_s, id LIMIT ? OFFSET ?")
                .params(jobId, limit, offset).query(DESIRED).list();
    }

    long countDesired(long jobId) {
        return jdbc.sql("SELECT count(*) FROM sch_desired WHERE job_id = ?").param(jobId).query(Long.class).single();
    }

    void updateDesired(Desired d) {
        jdbc.sql("UPDATE sch_desired SET day = ?, start_s = ?, end_s = ? WHERE id = ?").params(d.day(), d.start(), d.end(), d.id()).update();
    }

    boolean deleteDesired(long jobId, long id) {
        return jdbc.sql("DELETE FROM sch_desired WHERE job_id = ? AND id = ?").params(jobId, id).update() == 1;
    }
}
