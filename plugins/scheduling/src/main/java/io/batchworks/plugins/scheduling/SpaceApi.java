package io.batchworks.plugins.scheduling;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Sonar's two space queries, {@code /api/v1/scheduling/jobs/find_any_available_space} (per day and user) and
 * {@code find_available_space} (per day, for all the given users together).
 */
final class SpaceApi {

    /** The longest range a space query covers. */
    private static final int MAX_DAYS = 92;

    private final Scheduling scheduling;
    private final JobTypeStore types;
    private final Calendars calendars;

    SpaceApi(Scheduling scheduling) {
        this.scheduling = scheduling;
        this.types = scheduling.types();
        this.calendars = scheduling.calendars();
    }

    /** Before the jobs' own routes: their names would otherwise be read as a job's id. */
    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(JobsApi.JOBS + "/find_any_available_space", this::anySpace)
                .GET(JobsApi.JOBS + "/find_available_space", this::compoundSpace)
                .build();
    }

    /** Per day, per user: the free blocks a job of the length fits in. */
    private ServerResponse anySpace(ServerRequest request) {
        scheduling.reader(request);
        SpaceQuery q = SpaceQuery.read(Input.query(request), false, types);
        List<Long> users = q.users.isEmpty() ? calendars.everyone() : q.users;
        Map<Long, Calendar> found = calendars.load(users, q.from, q.to, -1);
        Map<String, Map<String, Object>> days = new TreeMap<>();
        found.values().stream().filter(c -> c.serves(q.entityType, q.entityId)).forEach(c -> Calendar
                .blocks(c.free(q.from, q.to), q.length).forEach((day, blocks) -> days
                        .computeIfAbsent(day.toString(), d -> new LinkedHashMap<>()).put(Long.toString(c.userId()), views(blocks))));
        return Sonar.ok(days);
    }

    /** Per day: the free blocks all the given users share that a job of the length fits in. */
    private ServerResponse compoundSpace(ServerRequest request) {
        scheduling.reader(request);
        SpaceQuery q = SpaceQuery.read(Input.query(request), true, types);
        Map<Long, Calendar> found = calendars.load(q.users, q.from, q.to, -1);
        Map<String, Object> days = new TreeMap<>();
        if (found.size() == q.users.size() && found.values().stream().allMatch(c -> c.serves(q.entityType, q.entityId))) {
            List<Interval> shared = null;
            for (Calendar c : found.values()) {
                shared = shared == null ? c.free(q.from, q.to) : Interval.intersect(shared, c.free(q.from, q.to));
            }
            Calendar.blocks(shared, q.length).forEach((day, blocks) -> days.put(day.toString(), views(blocks)));
        }
        return Sonar.ok(days);
    }

    private static List<Map<String, String>> views(List<Interval> blocks) {
        List<Map<String, String>> views = new ArrayList<>(blocks.size());
        for (Interval b : blocks) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("start", WallTime.formatTime(b.start()));
            v.put("end", WallTime.formatTime(b.end()));
            views.add(v);
        }
        return views;
    }

    /** The parameters of a space query; its range is from the start of {@code start_date} to the end of {@code end_date}. */
    private record SpaceQuery(long from, long to, long length, List<Long> users, String entityType, long entityId) {

        static SpaceQuery read(Input in, boolean usersRequired, JobTypeStore types) {
            LocalDate start = in.date("start_date").orElseThrow(() -> SonarErrors.required("start_date"));
            LocalDate end = in.date("end_date").orElseThrow(() -> SonarErrors.required("end_date"));
            if (end.isBefore(start) || end.isAfter(start.plusDays(MAX_DAYS - 1))) {
                throw SonarErrors.invalid("end_date", "The end_date must be on or after start_date, at most " + MAX_DAYS + " days on.");
            }
            if (types.find(in.requiredInteger("job_type_id")).isEmpty()) {
                throw SonarErrors.invalid("job_type_id", "The selected job_type_id is invalid.");
            }
            int length = in.length("length_in_minutes").orElseThrow(() -> SonarErrors.required("length_in_minutes"));
            List<Long> users = in.integers("users");
            if (usersRequired && users.isEmpty()) {
                throw SonarErrors.required("users");
            }
            String entityType = in.text("entityType").orElseThrow(() -> SonarErrors.required("entityType"));
            if (!entityType.equals("account") && !entityType.equals("network_site")) {
                throw SonarErrors.invalid("entityType", "The entityType must be account or network_site.");
            }
            return new SpaceQuery(WallTime.of(start), WallTime.of(end.plusDays(1)), length * 60L, users, entityType,
                    in.requiredInteger("entityId"));
        }
    }
}
