package io.batchworks.engine.schedules;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code bw_schedule} and {@code bw_schedule_fire} tables. */
@Component
class ScheduleStore {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };
    private static final String COLUMNS = "id, account_id, auth_account_id, name, category, action, params, cron, time_zone,"
            + " every_ms, overlap, misfire, enabled, input_name, input_rows, follow_up, created, modified";

    /** What one fire became. */
    enum Outcome { TASK, SKIPPED, MISSED, ERROR }

    /** One fire, as {@code bw_schedule_fire} holds it. */
    record Fire(long fireTime, long happened, Outcome outcome, String taskId, String detail) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<TaskSchedule> mapper;

    ScheduleStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.mapper = (rs, n) -> new TaskSchedule(rs.getString("id"), rs.getString("account_id"), rs.getString("auth_account_id"),
                rs.getString("name"), rs.getString("category"), rs.getString("action"), json.readValue(rs.getString("params"), PARAMS),
                new Timing(rs.getString("cron"), rs.getString("time_zone") == null ? null : ZoneId.of(rs.getString("time_zone")),
                        rs.getObject("every_ms", Long.class)),
                Overlap.valueOf(rs.getString("overlap")), Misfire.valueOf(rs.getString("misfire")), rs.getBoolean("enabled"),
                rs.getString("input_name"), rs.getObject("input_rows", Long.class),
                rs.getString("follow_up") == null ? null : json.readValue(rs.getString("follow_up"), TaskSchedule.FollowUp.class),
                rs.getLong("created"), rs.getLong("modified"));
    }

    void insert(TaskSchedule s) {
        jdbc.sql("INSERT INTO bw_schedule (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values(s)).update();
    }

    /** Replaces every field but the owners and the creation time. */
    void update(TaskSchedule s) {
        List<Object> values = new ArrayList<>(values(s).subList(3, 16));
        values.add(s.modified());
        values.add(s.id());
        jdbc.sql("UPDATE bw_schedule SET name = ?, category = ?, action = ?, params = ?, cron = ?, time_zone = ?, every_ms = ?,"
                + " overlap = ?, misfire = ?, enabled = ?, input_name = ?, input_rows = ?, follow_up = ?, modified = ? WHERE id = ?")
                .params(values).update();
    }

    private List<Object> values(TaskSchedule s) {
        Timing t = s.timing();
        return new ArrayList<>(java.util.Arrays.asList(s.id(), s.accountId(), s.authAccountId(), s.name(), s.category(), s.action(),
                json.writeValueAsString(s.params()), t.cron(), t.zone() == null ? null : t.zone().getId(), t.everyMs(), s.overlap().name(),
                s.misfire().name(), s.enabled(), s.inputName(), s.inputRows(),
                s.followUp() == null ? null : json.writeValueAsString(s.followUp()), s.created(), s.modified()));
    }

    Optional<TaskSchedule> find(String id) {
        return jdbc.sql("SELECT * FROM bw_schedule WHERE id = ?").param(id).query(mapper).optional();
    }

    /** One page of an account's schedules, oldest first, from {@code (created, id)} of a previous page's next key. */
    List<TaskSchedule> page(String accountId, long fromCreated, String fromId, int size) {
        return jdbc.sql("SELECT * FROM bw_schedule WHERE account_id = ? AND created >= ? AND (created > ? OR id >= ?)"
                        + " ORDER BY account_id, created, id FETCH FIRST ? ROWS ONLY")
                .params(accountId, fromCreated, fromCreated, fromId, size).query(mapper).list();
    }

    /** Every schedule of every account, in pages of {@code size} from {@code fromId} on (a previous page's next key; {@code ""} first). */
    List<TaskSchedule> all(String fromId, int size) {
        return jdbc.sql("SELECT * FROM bw_schedule WHERE id >= ? ORDER BY id FETCH FIRST ? ROWS ONLY").params(fromId, size)
                .query(mapper).list();
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM bw_schedule_fire WHERE schedule_id = ?").param(id).update();
        jdbc.sql("DELETE FROM bw_schedule WHERE id = ?").param(id).update();
    }

    /** Records what a fire became; false when that fire was recorded already (a retried fire). */
    boolean recordFire(String scheduleId, long fireTime, Outcome outcome, String taskId, String detail) {
        if (jdbc.sql("SELECT COUNT(*) FROM bw_schedule_fire WHERE schedule_id = ? AND fire_time = ?").params(scheduleId, fireTime)
                .query(Long.class).single() > 0) {
            return false; // asked first: in a transaction, PostgreSQL would abort it on the duplicate key
        }
        try {
            jdbc.sql("INSERT INTO bw_schedule_fire (schedule_id, fire_time, happened, outcome, task_id, detail) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(scheduleId, fireTime, System.currentTimeMillis(), outcome.name(), taskId,
                            detail == null ? null : detail.substring(0, Math.min(detail.length(), 1000)))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Forgets the schedule's fires older than {@code before}. */
    void prune(String scheduleId, long before) {
        jdbc.sql("DELETE FROM bw_schedule_fire WHERE schedule_id = ? AND fire_time < ?").params(scheduleId, before).update();
    }

    /** The schedule's newest fires, newest first. */
    List<Fire> fires(String scheduleId, int count) {
        return jdbc.sql("SELECT * FROM bw_schedule_fire WHERE schedule_id = ? ORDER BY schedule_id, fire_time DESC FETCH FIRST ? ROWS ONLY")
                .params(scheduleId, count)
                .query((rs, n) -> new Fire(rs.getLong("fire_time"), rs.getLong("happened"), Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("task_id"), rs.getString("detail")))
                .list();
    }
}
