package io.batchworks.plugins.scheduling;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugins.scheduling.JobStore.Desired;
import io.batchworks.plugins.scheduling.JobStore.Job;

/**
 * {@code scheduling/autoplace}: every queued job (or those of {@code job_ids}) placed into available space between
 * {@code from} and the end of {@code to}: at the earliest quarter hour where one user its geofences allow is free for
 * the whole job, inside one of its desired date/times when it has any. The jobs are read once, when the task first
 * starts (its {@code in.csv}, with the window resolved, so a restart days later places the same jobs the same way).
 * Each chunk claims the users' calendars in the database (as API bookings do) before it reads them, so an API call
 * never books a user autoplace is placing, and a chunk rolled back by a crash is placed again from the same state.
 */
final class Autoplace {

    static final String FROM = "from";
    static final String TO = "to";
    static final String JOB_IDS = "job_ids";
    static final int DEFAULT_DAYS = 14;
    private static final long QUARTER = 15 * 60;

    private final Scheduling scheduling;

    Autoplace(Scheduling scheduling) {
        this.scheduling = scheduling;
    }

    /** A job to place, and the window it may go in (wall seconds). */
    record Placement(long jobId, long from, long to) {
    }

    /** Refuses a task whose parameters would not parse, naming the parameter (400, as the tasks API does). */
    void check(TaskInfo task) {
        window(task);
        jobIds(task);
    }

    /** The queued jobs, in id order, with the window; read once when the task first starts. */
    ExportQuery queued(TaskInfo task) {
        long[] window = window(task);
        List<Long> ids = jobIds(task);
        List<Object> args = new ArrayList<>(List.of(WallTime.format(window[0]), WallTime.format(window[1]), JobStore.QUEUED));
        args.addAll(ids);
        String only = ids.isEmpty() ? "" : " AND id IN (" + "?,".repeat(ids.size() - 1) + "?)";
        return new ExportQuery(List.of("job_id", "window_start", "window_end"),
                "SELECT id AS job_id, CAST(? AS VARCHAR(19)) AS window_start, CAST(? AS VARCHAR(19)) AS window_end"
                        + " FROM sch_job WHERE status = ?" + only + " ORDER BY id", args);
    }

    Placement row(Row row, TaskInfo task) throws RowRejectedException {
        try {
            return new Placement(Long.parseLong(row.get("job_id")), WallTime.parseDateTime(row.get("window_start")),
                    WallTime.parseDateTime(row.get("window_end")));
        } catch (RuntimeException e) {
            throw new RowRejectedException("job_id, window_start and window_end must be an id and two date-times");
        }
    }

    /** Places a chunk's jobs one after the other, in the calendars of every user, claimed for the chunk. */
    void write(Items<Placement> items, TaskInfo task) {
        Calendars calendars = scheduling.calendars();
        List<Long> users = calendars.everyone();
        calendars.claim(users);
        long from = items.all().stream().mapToLong(Placement::from).min().orElseThrow();
        long to = items.all().stream().mapToLong(Placement::to).max().orElseThrow();
        // bookings that start before the window may reach into it; a week is the longest job
        Map<Long, Calendar> found = calendars.load(users, from - 7 * WallTime.DAY, to + 7 * WallTime.DAY, -1);
        for (Placement placement : items.all()) {
            Optional<Job> job = scheduling.jobs().find(placement.jobId());
            if (job.isEmpty() || !job.get().status().equals(JobStore.QUEUED)) {
                items.reject(placement, job.map(j -> "the job is " + j.status() + ", no longer queued").orElse("the job no longer exists"));
                continue;
            }
            String unplaced = place(job.get(), placement, found, items);
            if (unplaced != null) {
                items.reject(placement, unplaced);
            }
        }
    }

    /** Books the job at its earliest fitting slot and records where as its results; the reason it stays queued otherwise. */
    private String place(Job job, Placement placement, Map<Long, Calendar> calendars, Items<Placement> items) {
        List<Calendar> allowed = calendars.values().stream().filter(c -> c.serves(job.entityType(), job.assignedId())).toList();
        if (allowed.isEmpty()) {
            return "no user serves " + job.entityType() + " " + job.assignedId() + " (geofences)";
        }
        Interval window = new Interval(placement.from(), placement.to());
        List<Desired> desired = scheduling.jobs().desired(job.id(), Integer.MAX_VALUE, 0);
        List<Interval> windows = desired.isEmpty() ? List.of(window)
                : Interval.intersect(Interval.union(desired.stream().map(Desired::interval).toList()), List.of(window));
        long best = Long.MAX_VALUE;
        Calendar bestUser = null;
        for (Interval w : windows) {
            // day by day, so that the first day with room ends the search early
            for (long day = Math.floorDiv(w.start(), WallTime.DAY) * WallTime.DAY; day < Math.min(w.end(), best); day += WallTime.DAY) {
                Interval starts = new Interval(Math.max(w.start(), day), Math.min(Math.min(w.end(), day + WallTime.DAY), best));
                for (Calendar c : allowed) {
                    long start = earliest(c, starts, w.end(), job.lengthSeconds());
                    if (start < best) {
                        best = start;
                        bestUser = c;
                        starts = new Interval(starts.start(), best);
                    }
                }
            }
        }
        if (bestUser == null) {
            return desired.isEmpty() ? "no availability between " + WallTime.format(window.start()) + " and " + WallTime.format(window.end())
                    : "no availability in its desired date/times";
        }
        scheduling.jobs().schedule(job, best, List.of(bestUser.userId()));
        bestUser.booked().add(new Interval(best, best + job.lengthSeconds()));
        items.result(placement, "scheduled_datetime", WallTime.format(best));
        items.result(placement, "user_ids", Long.toString(bestUser.userId()));
        return null;
    }

    /**
     * The earliest quarter hour in {@code starts} at which the job fits in the user's free time and ends by {@code end};
     * {@link Long#MAX_VALUE} when there is none.
     */
    private static long earliest(Calendar calendar, Interval starts, long end, long length) {
        if (starts.length() <= 0) {
            return Long.MAX_VALUE;
        }
        for (Interval free : calendar.free(starts.start(), Math.min(end, starts.end() - 1 + length))) {
            long start = Math.floorDiv(free.start() + QUARTER - 1, QUARTER) * QUARTER;
            if (start + length <= free.end() && start < starts.end()) {
                return start;
            }
        }
        return Long.MAX_VALUE;
    }

    /** {@code from} (default today, and never before the next quarter hour) to the end of {@code to} (default 14 days on). */
    private long[] window(TaskInfo task) {
        LocalDate today = scheduling.clock().today();
        LocalDate from = date(task, FROM, today);
        LocalDate to = date(task, TO, from.plusDays(DEFAULT_DAYS));
        if (to.isBefore(from)) {
            throw ApiException.badRequest(TO, "to must be on or after from");
        }
        long nextQuarter = Math.floorDiv(scheduling.clock().now() + QUARTER - 1, QUARTER) * QUARTER;
        return new long[] {Math.max(WallTime.of(from), nextQuarter), WallTime.of(to.plusDays(1))};
    }

    private static LocalDate date(TaskInfo task, String name, LocalDate fallback) {
        String text = task.param(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            return WallTime.parseDate(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest(name, name + " must be a date, YYYY-MM-DD");
        }
    }

    private static List<Long> jobIds(TaskInfo task) {
        String text = task.param(JOB_IDS, "");
        List<Long> ids = new ArrayList<>();
        for (String part : text.replace("[", "").replace("]", "").split(",")) {
            if (!part.isBlank()) {
                try {
                    ids.add(Long.parseLong(part.strip()));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest(JOB_IDS, "job_ids must be job ids separated by commas");
                }
            }
        }
        return ids;
    }
}
