package io.batchworks.plugins.reprocess;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

import io.batchworks.plugin.PluginContext;

/**
 * CloudKitty's collect period and the times around it: {@code reprocess.period} seconds (default 3600),
 * {@code reprocess.settle-delay} between a period's end and its rating (default one period),
 * {@code reprocess.cycle-interval} between two processing cycles (default one period). Times are epoch seconds.
 */
record Periods(long period, long settleDelay, long cycleInterval) {

    /** ISO 8601 with an offset; a space may stand for the {@code T} (CloudKitty prints times that way). */
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd().toFormatter();
    private static final DateTimeFormatter CLOUDKITTY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    /** The durations of {@code reprocess.*}: {@code 1h}, {@code PT1H} or a number of seconds. */
    static Periods from(PluginContext context) {
        Duration period = context.duration("reprocess.period", ChronoUnit.SECONDS, Duration.ofHours(1));
        return new Periods(period.toSeconds(), context.duration("reprocess.settle-delay", ChronoUnit.SECONDS, period).toSeconds(),
                context.duration("reprocess.cycle-interval", ChronoUnit.SECONDS, period).toSeconds());
    }

    /** The start of the period holding {@code epochSecond}. */
    long floor(long epochSecond) {
        return Math.floorDiv(epochSecond, period) * period;
    }

    /** The first period not closed and settled at {@code now}: every period before it may be rated. */
    long ratableUntil(long now) {
        return floor(now - settleDelay);
    }

    /** A time in ISO 8601; {@code null} when it is not one. A time without an offset is UTC. */
    static Long parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            var parsed = ISO.parseBest(text.strip(), OffsetDateTime::from, java.time.LocalDateTime::from);
            if (parsed instanceof OffsetDateTime t) {
                return t.toEpochSecond();
            }
            return ((java.time.LocalDateTime) parsed).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** CloudKitty's way of printing a time: {@code 2021-06-01 00:00:00+00:00}. */
    static String format(long epochSecond) {
        return CLOUDKITTY.format(Instant.ofEpochSecond(epochSecond));
    }

    /**
     * The hour a call is stored under ({@code rp_usage.hour}): truncated as SQL's integer division truncates, which
     * the migration that added the column used.
     */
    static long hour(long epochSecond) {
        return epochSecond / 3600;
    }

    /** The start of the month (UTC) holding {@code epochSecond}: CloudKitty's first period for a new scope. */
    static long monthStart(long epochSecond) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC).withDayOfMonth(1)
                .with(ChronoField.SECOND_OF_DAY, 0).toEpochSecond();
    }
}
