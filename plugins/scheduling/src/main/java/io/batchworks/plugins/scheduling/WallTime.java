package io.batchworks.plugins.scheduling;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * The instance's clock as Sonar's clients read it: local date-times ({@code YYYY-MM-DD HH:MM:SS}) in the instance's
 * time zone ({@code scheduling.time-zone}), kept as wall seconds (that local date-time counted from 1970-01-01 00:00)
 * so that calendars are plain arithmetic. Times of day are {@code H:m:s}; {@code 24:00:00} is the end of a day.
 */
final class WallTime {

    static final long DAY = 86_400;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME_IN = DateTimeFormatter.ofPattern("H:m[:s]").withResolverStyle(ResolverStyle.STRICT);

    private final ZoneId zone;

    WallTime(ZoneId zone) {
        this.zone = zone;
    }

    /** Now, in wall seconds, to the second. */
    long now() {
        return LocalDateTime.now(zone).toEpochSecond(ZoneOffset.UTC);
    }

    LocalDate today() {
        return LocalDate.now(zone);
    }

    static long of(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC);
    }

    static long of(LocalDate day) {
        return day.toEpochDay() * DAY;
    }

    static LocalDate day(long wall) {
        return LocalDate.ofEpochDay(Math.floorDiv(wall, DAY));
    }

    static String format(long wall) {
        return DATE_TIME.format(LocalDateTime.ofEpochSecond(wall, 0, ZoneOffset.UTC));
    }

    /** {@code YYYY-MM-DD HH:MM:SS}; also {@code YYYY-MM-DDTHH:MM:SS}. */
    static long parseDateTime(String text) {
        return of(LocalDateTime.parse(text.strip().replace('T', ' '), DATE_TIME));
    }

    static LocalDate parseDate(String text) {
        return LocalDate.parse(text.strip());
    }

    /** A time of day in seconds, {@code 0} to {@code 86400} ({@code 24:00:00}). */
    static int parseTime(String text) {
        String t = text.strip();
        if (t.equals("24:00") || t.equals("24:00:00")) {
            return (int) DAY;
        }
        return LocalTime.parse(t, TIME_IN).toSecondOfDay();
    }

    /** {@code HH:MM:SS}; the end of a day is {@code 24:00:00}. */
    static String formatTime(long secondOfDay) {
        return String.format("%02d:%02d:%02d", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60);
    }
}
