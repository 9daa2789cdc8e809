package io.batchworks.plugins.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Users' calendars, read from the database, and the claim that keeps two writers from booking one user at once:
 * a booking first locks its users' rows (in ascending id order, so two claims never wait on each other in a circle)
 * and holds them until its transaction ends; whoever books next sees what the last one wrote. API calls and
 * autoplace claim the same way, so no user is ever booked twice for one moment.
 */
final class Calendars {

    /** Beyond this many users a calendar load reads whole tables once instead of each user's rows. */
    private static final int FEW = 16;

    private final JdbcClient jdbc;

    Calendars(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Locks the users' calendars until the transaction ends.
     *
     * @return the users that do not exist (none locked for them)
     */
    List<Long> claim(Collection<Long> users) {
        List<Long> missing = new ArrayList<>();
        for (long user : new TreeSet<>(users)) {
            if (jdbc.sql("UPDATE sch_user SET claims = claims + 1 WHERE id = ?").param(user).update() == 0) {
                missing.add(user);
            }
        }
        return missing;
    }

    /**
     * The users' calendars over {@code [from, to)} (their working hours whole, their time off and bookings that
     * overlap it), leaving out the bookings of {@code exceptJob} (a job being rescheduled). Users that do not exist
     * are absent.
     */
    Map<Long, Calendar> load(Collection<Long> users, long from, long to, long exceptJob) {
        Map<Long, Calendar> calendars = new TreeMap<>();
        Set<Long> wanted = new TreeSet<>(users);
        List<Object> ids = new ArrayList<>(wanted);
        if (ids.isEmpty()) {
            return calendars;
        }
        String only = ids.size() <= FEW ? " AND user_id IN (" + "?,".repeat(ids.size() - 1) + "?)" : "";
        List<Object> onlyParams = ids.size() <= FEW ? ids : List.of();
        jdbc.sql("SELECT id FROM sch_user WHERE 1 = 1" + only.replace("user_id", "id")).params(onlyParams).query(Long.class).list()
                .forEach(id -> {
                    if (wanted.contains(id)) {
                        calendars.put(id, new Calendar(id, Calendar.emptyWeek(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                    }
                });
        jdbc.sql("SELECT user_id, day_of_week, start_s, end_s FROM sch_working_hours WHERE 1 = 1" + only).params(onlyParams)
                .query(rs -> {
                    Calendar c = calendars.get(rs.getLong(1));
                    if (c != null) {
                        c.week().get(rs.getInt(2)).add(new Interval(rs.getInt(3), rs.getInt(4)));
                    }
                });
        List<Object> range = new ArrayList<>(List.of(to, from));
        range.addAll(onlyParams);
        jdbc.sql("SELECT user_id, start_s, end_s FROM sch_time_off WHERE start_s < ? AND end_s > ?" + only).params(range)
                .query(rs -> {
                    Calendar c = calendars.get(rs.getLong(1));
                    if (c != null) {
                        c.timeOff().add(new Interval(rs.getLong(2), rs.getLong(3)));
                    }
                });
        List<Object> bookings = new ArrayList<>(List.of(to, from, exceptJob));
        bookings.addAll(onlyParams);
        jdbc.sql("SELECT user_id, start_s, end_s FROM sch_booking WHERE start_s < ? AND end_s > ? AND job_id <> ?" + only)
                .params(bookings).query(rs -> {
                    Calendar c = calendars.get(rs.getLong(1));
                    if (c != null) {
                        c.booked().add(new Interval(rs.getLong(2), rs.getLong(3)));
                    }
                });
        jdbc.sql("SELECT user_id, entity_type, entity_id FROM sch_geofence WHERE 1 = 1" + only).params(onlyParams)
                .query(rs -> {
                    Calendar c = calendars.get(rs.getLong(1));
                    if (c != null) {
                        c.fences().add(rs.getString(2) + ":" + rs.getLong(3));
                    }
                });
        return calendars;
    }

    /** Every user id, ascending. */
    List<Long> everyone() {
        return jdbc.sql("SELECT id FROM sch_user ORDER BY id").query(Long.class).list();
    }
}
