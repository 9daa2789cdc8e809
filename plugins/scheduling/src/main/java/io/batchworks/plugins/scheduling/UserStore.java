package io.batchworks.plugins.scheduling;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The technicians (Sonar's users) and what shapes their calendars: working hours, time off, geofences. */
final class UserStore {

    private final JdbcClient jdbc;

    UserStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    record User(long id, String name, String accountId) {
        Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", id);
            v.put("name", name);
            v.put("account_id", accountId);
            return v;
        }
    }

    long addUser(String name, String accountId) {
        return Rows.insert(jdbc, "INSERT INTO sch_user (name, account_id) VALUES (?, ?)", name, accountId);
    }

    Optional<User> user(long id) {
        return jdbc.sql("SELECT id, name, account_id FROM sch_user WHERE id = ?").param(id)
                .query((rs, n) -> new User(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
    }

    List<User> users(int limit, long offset) {
        return jdbc.sql("SELECT id, name, account_id FROM sch_user ORDER BY id LIMIT ? OFFSET ?").params(limit, offset)
                .query((rs, n) -> new User(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    long countUsers() {
        return jdbc.sql("SELECT count(*) FROM sch_user").query(Long.class).single();
    }

    /** The user linked to an engine account: "the logged in user" of Sonar's check-in. */
    Optional<Long> userOf(String accountId) {
        return jdbc.sql("SELECT id FROM sch_user WHERE account_id = ?").param(accountId).query(Long.class).optional();
    }

    void updateUser(User user) {
        jdbc.sql("UPDATE sch_user SET name = ?, account_id = ? WHERE id = ?").params(user.name(), user.accountId(), user.id()).update();
    }

    /** Deletes a user and their calendar; false when they are booked on a job. */
    boolean deleteUser(long id) {
        if (jdbc.sql("SELECT count(*) FROM sch_booking WHERE user_id = ?").param(id).query(Long.class).single() > 0) {
            return false;
        }
        for (String table : List.of("sch_working_hours", "sch_time_off", "sch_geofence", "sch_checkin")) {
            jdbc.sql("DELETE FROM " + table + " WHERE user_id = ?").param(id).update();
        }
        jdbc.sql("DELETE FROM sch_user WHERE id = ?").param(id).update();
        return true;
    }

    // working hours: a weekly plan, by day name

    /** The plan by ISO day of week (1 Monday to 7 Sunday), in seconds of the day. */
    void replaceWorkingHours(long userId, Map<DayOfWeek, List<Interval>> plan) {
        jdbc.sql("DELETE FROM sch_working_hours WHERE user_id = ?").param(userId).update();
        plan.forEach((day, hours) -> hours.forEach(h -> jdbc.sql(
                "INSERT INTO sch_working_hours (user_id, day_of_week, start_s, end_s) VALUES (?, ?, ?, ?)")
                .params(userId, day.getValue(), h.start(), h.end()).update()));
    }

    /** The plan as Sonar shows it: every day by name, an empty list for a day off. */
    Map<String, Object> workingHoursView(long userId) {
        Map<String, Object> plan = new LinkedHashMap<>();
        List<List<Interval>> week = week(userId);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Map<String, String>> hours = new ArrayList<>();
            for (Interval h : week.get(day.getValue())) {
                hours.add(Map.of("start", WallTime.formatTime(h.start()), "end", WallTime.formatTime(h.end())));
            }
            plan.put(day.name().toLowerCase(Locale.ROOT), hours);
        }
        return plan;
    }

    /** Working hours by ISO day of week (index 0 unused). */
    List<List<Interval>> week(long userId) {
        List<List<Interval>> week = Calendar.emptyWeek();
        jdbc.sql("SELECT day_of_week, start_s, end_s FROM sch_working_hours WHERE user_id = ? ORDER BY day_of_week, start_s")
                .param(userId).query(rs -> {
                    week.get(rs.getInt(1)).add(new Interval(rs.getInt(2), rs.getInt(3)));
                });
        return week;
    }

    // time off

    record TimeOff(long id, long userId, long start, long end) {
        Map<String, Object> view() {
            return Map.of("id", id, "user_id", userId, "start_datetime", WallTime.format(start), "end_datetime", WallTime.format(end));
        }
    }

    long addTimeOff(long userId, long start, long end) {
        return Rows.insert(jdbc, "INSERT INTO sch_time_off (user_id, start_s, end_s) VALUES (?, ?, ?)", userId, start, end);
    }

    Optional<TimeOff> timeOff(long userId, long id) {
        return jdbc.sql("SELECT id, user_id, start_s, end_s FROM sch_time_off WHERE user_id = ? AND id = ?").params(userId, id)
                .query((rs, n) -> new TimeOff(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).optional();
    }

    List<TimeOff> timeOffs(long userId, int limit, long offset) {
        return jdbc.sql("SELECT id, user_id, start_s, end_s FROM sch_time_off WHERE user_id = ? ORDER BY start_s, id LIMIT ? OFFSET ?")
                .params(userId, limit, offset)
                .query((rs, n) -> new TimeOff(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    long countTimeOffs(long userId) {
        return jdbc.sql("SELECT count(*) FROM sch_time_off WHERE user_id = ?").param(userId).query(Long.class).single();
    }

    boolean deleteTimeOff(long userId, long id) {
        return jdbc.sql("DELETE FROM sch_time_off WHERE user_id = ? AND id = ?").params(userId, id).update() == 1;
    }

    // geofences

    record Fence(long id, long userId, String entityType, long entityId) {
        Map<String, Object> view() {
            return Map.of("id", id, "user_id", userId, "entity_type", entityType, "entity_id", entityId);
        }
    }

    long addFence(long userId, String entityType, long entityId) {
        return Rows.insert(jdbc, "INSERT INTO sch_geofence (user_id, entity_type, entity_id) VALUES (?, ?, ?)", userId, entityType, entityId);
    }

    Optional<Fence> fence(long id) {
        return jdbc.sql("SELECT id, user_id, entity_type, entity_id FROM sch_geofence WHERE id = ?").param(id)
                .query((rs, n) -> new Fence(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4))).optional();
    }

    /** Geofences, of one user when {@code userId} is given. */
    List<Fence> fences(Long userId, int limit, long offset) {
        return jdbc.sql("SELECT id, user_id, entity_type, entity_id FROM sch_geofence WHERE (CAST(? AS BIGINT) IS NULL OR user_id = ?) "
                        + "ORDER BY id LIMIT ? OFFSET ?").params(userId, userId, limit, offset)
                .query((rs, n) -> new Fence(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4))).list();
    }

    long countFences(Long userId) {
        return jdbc.sql("SELECT count(*) FROM sch_geofence WHERE (CAST(? AS BIGINT) IS NULL OR user_id = ?)").params(userId, userId)
                .query(Long.class).single();
    }

    boolean deleteFence(long id) {
        return jdbc.sql("DELETE FROM sch_geofence WHERE id = ?").param(id).update() == 1;
    }
}
