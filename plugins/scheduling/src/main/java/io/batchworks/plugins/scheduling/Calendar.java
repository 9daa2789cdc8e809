package io.batchworks.plugins.scheduling;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One user's calendar over a stretch of time: a user is free at a moment inside their working hours, outside their
 * time off, and not inside a job booked for them. The bookings are kept mutable so that autoplace can place job
 * after job in the calendars it loaded (under the users' locks).
 *
 * @param week    working hours by ISO day of week (index 1 Monday to 7 Sunday), as seconds of the day
 * @param timeOff time off, in wall seconds
 * @param booked  jobs booked, in wall seconds
 * @param fences  the entities the user serves ({@code type:id}); empty: every entity
 */
record Calendar(long userId, List<List<Interval>> week, List<Interval> timeOff, List<Interval> booked, List<String> fences) {

    /** Working hours with no day worked, indexed by ISO day of week (index 0 unused). */
    static List<List<Interval>> emptyWeek() {
        List<List<Interval>> week = new ArrayList<>();
        for (int d = 0; d <= 7; d++) {
            week.add(new ArrayList<>());
        }
        return week;
    }

    boolean serves(String entityType, long entityId) {
        return fences.isEmpty() || fences.contains(entityType + ":" + entityId);
    }

    /** The free time within {@code [from, to)}, sorted and joined. */
    List<Interval> free(long from, long to) {
        List<Interval> working = new ArrayList<>();
        for (long day = Math.floorDiv(from, WallTime.DAY) * WallTime.DAY; day < to; day += WallTime.DAY) {
            for (Interval hours : week.get(WallTime.day(day).getDayOfWeek().getValue())) {
                working.add(new Interval(Math.max(from, day + hours.start()), Math.min(to, day + hours.end())));
            }
        }
        return Interval.minus(Interval.minus(Interval.union(working), timeOff), booked);
    }

    /** Free for the whole of {@code [start, end)}. */
    boolean isFree(long start, long end) {
        return free(start, end).stream().anyMatch(i -> i.contains(new Interval(start, end)));
    }

    /**
     * Free time cut at midnight, day by day: the blocks at least {@code minimum} seconds long, as seconds of their day.
     * Days with none are left out.
     */
    static Map<LocalDate, List<Interval>> blocks(List<Interval> free, long minimum) {
        Map<LocalDate, List<Interval>> days = new TreeMap<>();
        for (Interval interval : free) {
            for (long start = interval.start(); start < interval.end(); ) {
                long midnight = Math.floorDiv(start, WallTime.DAY) * WallTime.DAY;
                long end = Math.min(interval.end(), midnight + WallTime.DAY);
                if (end - start >= minimum) {
                    days.computeIfAbsent(WallTime.day(start), d -> new ArrayList<>()).add(new Interval(start - midnight, end - midnight));
                }
                start = end;
            }
        }
        return days;
    }
}
