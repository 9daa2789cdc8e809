package io.batchworks.engine.schedules;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import io.batchworks.plugin.ApiException;

import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.springframework.boot.convert.DurationStyle;

/**
 * When a schedule fires: either {@code cron}, a Quartz cron expression (seconds first) or a five-field Unix one, in
 * {@code time_zone} (UTC unless given), or {@code every}, a period ({@code 90s}, {@code 15m}, {@code 1h}, {@code 1d},
 * an ISO-8601 duration such as {@code PT2S}, or a number of seconds) counted from when the schedule was created or
 * last changed.
 *
 * @param cron    the Quartz expression, or {@code null}
 * @param everyMs the period in milliseconds, or {@code null}
 */
record Timing(String cron, ZoneId zone, Long everyMs) {

    /** The shortest period: a schedule that fires more often would be a loop, not a schedule. */
    static final Duration SHORTEST = Duration.ofSeconds(1);
    /** The longest period: a year and a day. */
    static final Duration LONGEST = Duration.ofDays(366);

    /** Reads {@code cron} (with {@code time_zone}) or {@code every}, exactly one of them: 400 naming the field otherwise. */
    static Timing of(String cron, String timeZone, String every) {
        if ((cron == null) == (every == null)) {
            throw ApiException.badRequest(cron == null ? "cron" : "every", "a schedule has either cron or every, not "
                    + (cron == null ? "neither" : "both"));
        }
        if (every != null) {
            if (timeZone != null) {
                throw ApiException.badRequest("time_zone", "time_zone goes with cron; every counts from the schedule's creation");
            }
            return new Timing(null, null, period(every).toMillis());
        }
        ZoneId zone;
        try {
            zone = timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("time_zone", "time_zone is not a known zone (e.g. Europe/Paris, UTC): " + timeZone);
        }
        return new Timing(quartz(cron), zone, null);
    }

    private static Duration period(String every) {
        Duration period;
        try {
            period = every.strip().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(every.strip())) : DurationStyle.detectAndParse(every);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("every", "every must be a duration such as 30s, 15m, 1h, 1d or PT2S: " + every);
        }
        if (period.compareTo(SHORTEST) < 0 || period.compareTo(LONGEST) > 0) {
            throw ApiException.badRequest("every", "every must be from " + SHORTEST.toSeconds() + " second to " + LONGEST.toDays() + " days");
        }
        return period;
    }

    /** The expression as Quartz reads it: a Unix one gets its seconds, and {@code ?} where Quartz wants it. */
    private static String quartz(String cron) {
        if (cron.length() > 200) {
            throw ApiException.badRequest("cron", "cron is at most 200 characters");
        }
        String[] f = cron.strip().split("\\s+");
        String expression = cron.strip();
        if (f.length == 5) {
            String dayOfMonth = f[2];
            String dayOfWeek = f[4];
            if (dayOfWeek.matches(".*\\d.*")) {
                throw ApiException.badRequest("cron", "a five-field cron names days of the week (MON-FRI), not numbers, "
                        + "since Unix counts them from 0 and Quartz from 1");
            }
            if (dayOfWeek.equals("*")) {
                dayOfWeek = "?";
            } else if (dayOfMonth.equals("*")) {
                dayOfMonth = "?";
            } else {
                throw ApiException.badRequest("cron", "cron cannot restrict both the day of the month and the day of the week");
            }
            expression = String.join(" ", "0", f[0], f[1], dayOfMonth, f[3], dayOfWeek);
        }
        try {
            CronExpression.validateExpression(expression);
        } catch (ParseException e) {
            throw ApiException.badRequest("cron", "cron is not a valid expression (" + e.getMessage() + "): " + cron);
        }
        return expression;
    }

    /** The Quartz schedule, with what fires missed while no node ran become. */
    ScheduleBuilder<? extends Trigger> schedule(Misfire misfire) {
        if (everyMs != null) {
            SimpleScheduleBuilder simple = SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(everyMs).repeatForever();
            return misfire == Misfire.ONCE ? simple.withMisfireHandlingInstructionNowWithExistingCount()
                    : simple.withMisfireHandlingInstructionNextWithRemainingCount();
        }
        CronScheduleBuilder builder = CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone));
        return misfire == Misfire.ONCE ? builder.withMisfireHandlingInstructionFireAndProceed()
                : builder.withMisfireHandlingInstructionDoNothing();
    }

    /** When a new trigger first fires: a period's end from now; a cron's next match (Quartz finds it from now). */
    Date firstFire(Instant now) {
        return everyMs != null ? Date.from(now.plusMillis(everyMs)) : Date.from(now);
    }

    /** The next {@code count} fire times of a trigger, from its next. */
    static List<Instant> next(Trigger trigger, int count) {
        List<Instant> fires = new ArrayList<>();
        for (Date at = trigger.getNextFireTime(); at != null && fires.size() < count; at = trigger.getFireTimeAfter(at)) {
            fires.add(at.toInstant());
        }
        return fires;
    }

    /** The fields of a schedule's view. */
    void describe(Map<String, Object> view) {
        if (everyMs != null) {
            view.put("every", Duration.ofMillis(everyMs).toString());
        } else {
            view.put("cron", cron);
            view.put("time_zone", zone.getId());
        }
    }
}
