package io.batchworks.plugins.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Space answers against a brute force: every minute of the range is tested on its own (inside working hours, outside
 * time off and bookings, a geofence allowing the entity), the free minutes strung into blocks cut at midnight, and the
 * blocks shorter than the job dropped. Minute-aligned random calendars, so minutes are exact.
 */
class CalendarTest {

    private static final LocalDate START = LocalDate.of(2026, 3, 27); // spans a weekend and a month's end
    private static final int DAYS = 5;
    private static final long FROM = WallTime.of(START);
    private static final long TO = FROM + DAYS * WallTime.DAY;

    @Test
    void anySpaceMatchesTheBruteForceOver200RandomCalendars() {
        Random random = new Random(16);
        for (int i = 0; i < 200; i++) {
            Calendar calendar = randomCalendar(random, i);
            long length = 15L * (1 + random.nextInt(12)) * 60;
            String entity = random.nextBoolean() ? "account" : "network_site";
            long entityId = random.nextInt(4);
            Map<LocalDate, List<Interval>> expected = calendar.serves(entity, entityId)
                    ? bruteBlocks(minute -> freeAt(calendar, minute), length) : Map.of();
            Map<LocalDate, List<Interval>> actual = calendar.serves(entity, entityId)
                    ? Calendar.blocks(calendar.free(FROM, TO), length) : Map.of();
            assertThat(actual).as("calendar %d: %s", i, calendar).isEqualTo(expected);
        }
    }

    @Test
    void compoundSpaceMatchesTheBruteForce() {
        Random random = new Random(61);
        for (int i = 0; i < 200; i++) {
            List<Calendar> group = new ArrayList<>();
            for (int u = 0; u < 1 + random.nextInt(3); u++) {
                group.add(randomCalendar(random, u));
            }
            long length = 15L * (1 + random.nextInt(8)) * 60;
            List<Interval> shared = null;
            for (Calendar c : group) {
                shared = shared == null ? c.free(FROM, TO) : Interval.intersect(shared, c.free(FROM, TO));
            }
            Map<LocalDate, List<Interval>> expected = bruteBlocks(minute -> group.stream().allMatch(c -> freeAt(c, minute)), length);
            assertThat(Calendar.blocks(shared, length)).as("group %d: %s", i, group).isEqualTo(expected);
        }
    }

    @Test
    void aJobFitsOnlyWhereEveryMinuteIsFree() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            Calendar calendar = randomCalendar(random, i);
            long start = FROM + 60L * random.nextInt(DAYS * 24 * 60 - 240);
            long end = start + 60L * 15 * (1 + random.nextInt(16));
            boolean brute = true;
            for (long m = start; m < end && m < TO; m += 60) {
                brute &= freeAt(calendar, m);
            }
            assertThat(calendar.isFree(start, Math.min(end, TO))).as("calendar %d at %s", i, WallTime.format(start)).isEqualTo(brute);
        }
    }

    private static boolean freeAt(Calendar c, long minute) {
        long second = Math.floorMod(minute, WallTime.DAY);
        boolean working = c.week().get(WallTime.day(minute).getDayOfWeek().getValue()).stream()
                .anyMatch(h -> h.start() <= second && second < h.end());
        boolean off = c.timeOff().stream().anyMatch(t -> t.start() <= minute && minute < t.end());
        boolean booked = c.booked().stream().anyMatch(b -> b.start() <= minute && minute < b.end());
        return working && !off && !booked;
    }

    /** Free minutes strung into blocks, cut at midnight, the short ones dropped. */
    private static Map<LocalDate, List<Interval>> bruteBlocks(java.util.function.LongPredicate free, long length) {
        Map<LocalDate, List<Interval>> days = new TreeMap<>();
        for (long day = FROM; day < TO; day += WallTime.DAY) {
            long runStart = -1;
            for (long m = day; m <= day + WallTime.DAY; m += 60) {
                boolean isFree = m < day + WallTime.DAY && free.test(m);
                if (isFree && runStart < 0) {
                    runStart = m;
                } else if (!isFree && runStart >= 0) {
                    if (m - runStart >= length) {
                        days.computeIfAbsent(WallTime.day(day), d -> new ArrayList<>()).add(new Interval(runStart - day, m - day));
                    }
                    runStart = -1;
                }
            }
        }
        return days;
    }

    /** Working hours of a few blocks a day (some days off, some to midnight), time off, bookings and geofences. */
    static Calendar randomCalendar(Random random, long id) {
        List<List<Interval>> week = Calendar.emptyWeek();
        for (int d = 1; d <= 7; d++) {
            if (random.nextInt(5) == 0) {
                continue;
            }
            int at = random.nextInt(8) * 60;
            for (int b = 0; b < 1 + random.nextInt(3) && at < 24 * 60; b++) {
                int end = Math.min(24 * 60, at + 30 + random.nextInt(10 * 60));
                week.get(d).add(new Interval(at * 60L, end * 60L));
                at = end + random.nextInt(120) + 1;
            }
        }
        List<Interval> timeOff = new ArrayList<>();
        for (int t = 0; t < random.nextInt(3); t++) {
            long start = FROM + 60L * random.nextInt(DAYS * 24 * 60);
            timeOff.add(new Interval(start, start + 60L * (15 + random.nextInt(24 * 60))));
        }
        List<Interval> booked = new ArrayList<>();
        for (int b = 0; b < random.nextInt(8); b++) {
            long start = FROM + 60L * random.nextInt(DAYS * 24 * 60);
            booked.add(new Interval(start, start + 60L * 15 * (1 + random.nextInt(12))));
        }
        List<String> fences = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            for (int f = 0; f < 1 + random.nextInt(2); f++) {
                fences.add((random.nextBoolean() ? "account" : "network_site") + ":" + random.nextInt(4));
            }
        }
        return new Calendar(id, week, timeOff, booked, fences);
    }

    @Test
    void blocksAreCutAtMidnight() {
        long monday = WallTime.of(LocalDate.of(2026, 3, 30));
        Map<LocalDate, List<Interval>> blocks = Calendar.blocks(List.of(new Interval(monday - 3600, monday + 7200)), 3600);
        Map<LocalDate, List<Interval>> expected = new LinkedHashMap<>();
        expected.put(LocalDate.of(2026, 3, 29), List.of(new Interval(WallTime.DAY - 3600, WallTime.DAY)));
        expected.put(LocalDate.of(2026, 3, 30), List.of(new Interval(0, 7200)));
        assertThat(blocks).isEqualTo(expected);
        assertThat(WallTime.formatTime(WallTime.DAY)).isEqualTo("24:00:00");
    }
}
