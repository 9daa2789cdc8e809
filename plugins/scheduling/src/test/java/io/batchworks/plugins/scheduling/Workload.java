package io.batchworks.plugins.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A generated scheduling office, written straight into the plugin's tables (after its migrations ran): technicians
 * working weekdays in two blocks around lunch, some Saturdays, a day off here and there, some fenced to a few accounts,
 * one job each already booked on the first Monday, and a queue of jobs of 30 to 120 minutes, a third of them with a
 * desired three-hour window. Deterministic from its seed.
 */
final class Workload {

    /** A Monday; the workload's calendars cover two weeks from it. */
    static final LocalDate FIRST = LocalDate.of(2030, 1, 7);
    static final int DAYS = 14;

    private Workload() {
    }

    /** Writes the office; the queued jobs' ids are the highest, in creation order. */
    static void create(Connection c, long seed, int users, int jobs) throws SQLException {
        Random random = new Random(seed);
        c.setAutoCommit(false);
        long firstType = insertTypes(c);
        try (PreparedStatement user = c.prepareStatement("INSERT INTO sch_user (name) VALUES (?)");
             PreparedStatement hours = c.prepareStatement("INSERT INTO sch_working_hours (user_id, day_of_week, start_s, end_s) VALUES (?, ?, ?, ?)");
             PreparedStatement off = c.prepareStatement("INSERT INTO sch_time_off (user_id, start_s, end_s) VALUES (?, ?, ?)");
             PreparedStatement fence = c.prepareStatement("INSERT INTO sch_geofence (user_id, entity_type, entity_id) VALUES (?, 'account', ?)")) {
            for (int u = 0; u < users; u++) {
                user.setString(1, "tech " + u);
                user.executeUpdate();
            }
            List<Long> ids = ids(c, "SELECT id FROM sch_user ORDER BY id");
            for (long id : ids) {
                int start = (7 * 60 + 30 * random.nextInt(5)) * 60;
                for (int day = 1; day <= 5; day++) {
                    add(hours, id, day, start, 12 * 3600);
                    add(hours, id, day, 12 * 3600 + 1800, start + 8 * 3600 + 1800);
                }
                if (random.nextInt(5) == 0) {
                    add(hours, id, 6, 8 * 3600, 12 * 3600);
                }
                if (random.nextInt(10) == 0) {
                    long day = WallTime.of(FIRST.plusDays(1 + random.nextInt(DAYS - 1))); // not the first Monday, booked at 09:00
                    off.setLong(1, id);
                    off.setLong(2, day);
                    off.setLong(3, day + WallTime.DAY);
                    off.executeUpdate();
                }
                if (random.nextInt(4) == 0) {
                    for (int f = 0; f < 5; f++) {
                        fence.setLong(1, id);
                        fence.setLong(2, 1 + random.nextInt(100));
                        fence.executeUpdate();
                    }
                }
            }
            hours.executeBatch();
            try (PreparedStatement booked = c.prepareStatement("INSERT INTO sch_job (job_type_id, length_in_minutes, assigned_type,"
                    + " assigned_id, status, scheduled_s) VALUES (?, 60, 'accounts', 1, 'scheduled', ?)");
                 PreparedStatement booking = c.prepareStatement("INSERT INTO sch_booking (job_id, user_id, start_s, end_s) VALUES (?, ?, ?, ?)")) {
                long nine = WallTime.of(FIRST) + 9 * 3600;
                for (long id : ids) {
                    booked.setLong(1, firstType);
                    booked.setLong(2, nine);
                    booked.executeUpdate();
                    booking.setLong(1, ids(c, "SELECT max(id) FROM sch_job").get(0));
                    booking.setLong(2, id);
                    booking.setLong(3, nine);
                    booking.setLong(4, nine + 3600);
                    booking.executeUpdate();
                }
            }
        }
        try (PreparedStatement job = c.prepareStatement("INSERT INTO sch_job (job_type_id, length_in_minutes, assigned_type, assigned_id,"
                + " status) VALUES (?, ?, ?, ?, 'queued')")) {
            for (int j = 0; j < jobs; j++) {
                int type = random.nextInt(4);
                job.setLong(1, firstType + type);
                job.setInt(2, 30 * (type + 1));
                boolean account = random.nextInt(4) > 0;
                job.setString(3, account ? "accounts" : "network_sites");
                job.setLong(4, 1 + random.nextInt(100));
                job.addBatch();
            }
            job.executeBatch();
        }
        try (PreparedStatement desired = c.prepareStatement("INSERT INTO sch_desired (job_id, day, start_s, end_s) VALUES (?, ?, ?, ?)")) {
            for (long id : ids(c, "SELECT id FROM sch_job WHERE status = 'queued' ORDER BY id")) {
                if (random.nextInt(3) == 0) {
                    int start = (8 + random.nextInt(7)) * 3600;
                    desired.setLong(1, id);
                    desired.setObject(2, FIRST.plusDays(random.nextInt(DAYS)));
                    desired.setInt(3, start);
                    desired.setInt(4, start + 3 * 3600);
                    desired.addBatch();
                }
            }
            desired.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static long insertTypes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int t = 1; t <= 4; t++) {
                s.executeUpdate("INSERT INTO sch_job_type (name, length_in_minutes) VALUES ('type " + t + "', " + 30 * t + ")");
            }
        }
        return ids(c, "SELECT min(id) FROM sch_job_type").get(0);
    }

    private static void add(PreparedStatement hours, long user, int day, int start, int end) throws SQLException {
        hours.setLong(1, user);
        hours.setInt(2, day);
        hours.setInt(3, start);
        hours.setInt(4, end);
        hours.addBatch();
    }

    static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Each scheduled job's booking: job id → "start user". */
    static Map<Long, String> placements(Connection c) throws SQLException {
        Map<Long, String> placed = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT job_id, start_s, user_id FROM sch_booking ORDER BY job_id, user_id")) {
            while (rs.next()) {
                placed.merge(rs.getLong(1), WallTime.format(rs.getLong(2)) + " " + rs.getLong(3), (a, b) -> a + "," + b);
            }
        }
        return placed;
    }

    /** Puts the given jobs back into the queue, as before a run. */
    static void requeue(Connection c, long fromJob) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM sch_booking WHERE job_id >= " + fromJob);
            s.executeUpdate("UPDATE sch_job SET status = 'queued', scheduled_s = NULL WHERE id >= " + fromJob);
        }
    }

    /**
     * What a placement must respect, checked from the database: no user booked twice at once, every booking inside its
     * user's working hours and outside their time off, inside the job's desired date/times when it has any, and inside
     * the window. Returns the violations found.
     */
    static List<String> violations(Connection c, long windowStart, long windowEnd, long fromJob) throws SQLException {
        List<String> wrong = new ArrayList<>();
        Map<Long, List<long[]>> byUser = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT b.job_id, b.user_id, b.start_s, b.end_s, j.length_in_minutes FROM sch_booking b JOIN sch_job j ON j.id = b.job_id"
                        + " ORDER BY b.user_id, b.start_s")) {
            while (rs.next()) {
                long[] b = {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                if (b[3] - b[2] != rs.getLong(5) * 60) {
                    wrong.add("job " + b[0] + " booked for the wrong length");
                }
                List<long[]> mine = byUser.computeIfAbsent(b[1], u -> new ArrayList<>());
                if (!mine.isEmpty() && mine.get(mine.size() - 1)[3] > b[2]) {
                    wrong.add("user " + b[1] + " double-booked: jobs " + mine.get(mine.size() - 1)[0] + " and " + b[0]);
                }
                mine.add(b);
            }
        }
        Calendars calendars = new Calendars(new SingleConnectionDataSource(c, true));
        Map<Long, Calendar> free = calendars.load(byUser.keySet(), windowStart - WallTime.DAY, windowEnd + WallTime.DAY, -1);
        for (List<long[]> bookings : byUser.values()) {
            for (long[] b : bookings) {
                Calendar calendar = free.get(b[1]);
                // free of everything but this very booking
                Calendar without = new Calendar(calendar.userId(), calendar.week(), calendar.timeOff(),
                        calendar.booked().stream().filter(i -> i.start() != b[2] || i.end() != b[3]).toList(), calendar.fences());
                if (!without.isFree(b[2], b[3])) {
                    wrong.add("job " + b[0] + " outside the working hours of user " + b[1] + " at " + WallTime.format(b[2]));
                }
                if (b[0] >= fromJob && (b[2] < windowStart || b[3] > windowEnd)) {
                    wrong.add("job " + b[0] + " outside the window");
                }
                List<Interval> desired = desired(c, b[0]);
                if (b[0] >= fromJob && !desired.isEmpty() && desired.stream().noneMatch(d -> d.contains(new Interval(b[2], b[3])))) {
                    wrong.add("job " + b[0] + " outside its desired date/times");
                }
            }
        }
        return wrong;
    }

    private static List<Interval> desired(Connection c, long job) throws SQLException {
        List<Interval> desired = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT day, start_s, end_s FROM sch_desired WHERE job_id = " + job)) {
            while (rs.next()) {
                long day = WallTime.of(rs.getObject(1, LocalDate.class));
                desired.add(new Interval(day + rs.getInt(2), day + rs.getInt(3)));
            }
        }
        return desired;
    }
}
