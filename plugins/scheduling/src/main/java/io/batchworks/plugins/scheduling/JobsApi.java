package io.batchworks.plugins.scheduling;

import static io.batchworks.plugins.scheduling.SonarError.sonar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.batchworks.plugins.scheduling.JobTypes.JobType;
import io.batchworks.plugins.scheduling.Jobs.Desired;
import io.batchworks.plugins.scheduling.Jobs.Job;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Sonar's {@code /api/v1/scheduling/jobs}: jobs, their desired date/times, check-in and out, completion, the queue,
 * and the two space queries. Status codes and messages are Sonar's, including its 422 for updating a job that
 * does not exist.
 */
final class JobsApi {

    private static final String JOBS = "/api/v1/scheduling/jobs";
    private static final String JOB = JOBS + "/{id}";
    private static final String DESIRED = JOB + "/desired_job_datetimes";
    /** The longest range a space query covers. */
    private static final int MAX_DAYS = 92;

    private final Scheduling scheduling;
    private final Jobs jobs;
    private final JobTypes types;
    private final Calendars calendars;

    JobsApi(Scheduling scheduling) {
        this.scheduling = scheduling;
        this.jobs = scheduling.jobs();
        this.types = scheduling.types();
        this.calendars = scheduling.calendars();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(JOBS + "/find_any_available_space", sonar(this::anySpace))
                .GET(JOBS + "/find_available_space", sonar(this::compoundSpace))
                .POST(JOBS, sonar(this::create))
                .GET(JOBS, sonar(this::list))
                .GET(JOB, sonar(this::get))
                .PATCH(JOB, sonar(this::update))
                .DELETE(JOB, sonar(this::delete))
                .POST(JOB + "/check_in", sonar(r -> checkInOrOut(r, true)))
                .POST(JOB + "/check_out", sonar(r -> checkInOrOut(r, false)))
                .POST(JOB + "/complete", sonar(this::complete))
                .POST(JOB + "/queue", sonar(this::queue))
                .POST(DESIRED, sonar(this::addDesired))
                .GET(DESIRED, sonar(this::listDesired))
                .GET(DESIRED + "/{did}", sonar(this::getDesired))
                .PATCH(DESIRED + "/{did}", sonar(this::updateDesired))
                .DELETE(DESIRED + "/{did}", sonar(this::deleteDesired))
                .build();
    }

    private ServerResponse create(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        JobType type = jobType(in);
        String assignedType = assignedType(in.text("assigned_type").orElseThrow(() -> SonarError.required("assigned_type")));
        long assignedId = in.requiredInteger("assigned_id");
        int length = in.length("length_in_minutes").orElse(type.lengthInMinutes());
        Optional<Long> start = in.dateTime("scheduled_datetime");
        List<Long> users = in.integers("user_ids");
        if (start.isPresent() && users.isEmpty()) {
            throw SonarError.invalid("user_ids", "The user_ids field is required when scheduled_datetime is present.");
        }
        if (start.isEmpty() && !users.isEmpty()) {
            throw SonarError.invalid("scheduled_datetime", "The scheduled_datetime field is required when user_ids is present.");
        }
        Long createdBy = scheduling.userOf(request).orElse(null);
        Job draft = new Job(0, type.id(), length, in.integer("ticket_id").orElse(null), assignedType, assignedId,
                in.text("notes").orElse(null), Jobs.QUEUED, null, createdBy, in.integers("services"), null, null, null, null);
        Job job = scheduling.inTransaction(() -> {
            Job added = jobs.find(jobs.add(draft)).orElseThrow();
            start.ifPresent(s -> book(added, s, users));
            return jobs.find(added.id()).orElseThrow();
        });
        return Sonar.created(jobs.view(job));
    }

    private ServerResponse list(ServerRequest request) {
        scheduling.reader(request);
        Sonar.Page page = Sonar.Page.of(request);
        return page.reply(jobs.count(), (limit, offset) -> jobs.list(limit, offset).stream().map(jobs::view).toList());
    }

    private ServerResponse get(ServerRequest request) {
        scheduling.reader(request);
        return Sonar.ok(jobs.view(job(request, SonarError.notFound(SonarError.NO_ITEM))));
    }

    /** Edits a job; a {@code scheduled_datetime} schedules or reschedules it, checked like a new booking. */
    private ServerResponse update(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        Optional<Long> start = in.dateTime("scheduled_datetime");
        Job updated = scheduling.inTransaction(() -> {
            SonarError missingJob = SonarError.invalid(null, SonarError.NO_ITEM);
            // as Sonar: user_ids count only with a scheduled_datetime; else the job keeps its users
            boolean given = start.isPresent() && !in.integers("user_ids").isEmpty();
            // users before the job's row, the order autoplace takes them in (the other order could deadlock with it);
            // claimed again once read under the claim, should another booking have changed them meanwhile
            calendars.claim(given ? in.integers("user_ids") : jobs.users(job(request, missingJob).id()));
            Job job = job(request, missingJob);
            List<Long> users = given ? in.integers("user_ids") : jobs.users(job.id());
            calendars.claim(users);
            if (in.has("assigned_type") != in.has("assigned_id")) {
                String missing = in.has("assigned_type") ? "assigned_id" : "assigned_type";
                throw SonarError.invalid(missing, "The " + missing + " field is required when "
                        + (missing.equals("assigned_id") ? "assigned_type" : "assigned_id") + " is present.");
            }
            String assignedType = in.text("assigned_type").map(JobsApi::assignedType).orElse(job.assignedType());
            long assignedId = in.integer("assigned_id").orElse(job.assignedId());
            int length = in.length("length_in_minutes").orElse(job.lengthInMinutes());
            Job edited = new Job(job.id(), job.jobTypeId(), length, in.has("ticket_id") ? in.integer("ticket_id").orElse(null) : job.ticketId(),
                    assignedType, assignedId, in.has("notes") ? in.text("notes").orElse(null) : job.notes(), job.status(), job.scheduled(),
                    job.createdBy(), in.has("services") ? in.integers("services") : job.services(), job.completedAt(), job.completedBy(),
                    job.completedSuccessfully(), job.completionReason());
            jobs.update(edited);
            boolean scheduled = job.status().equals(Jobs.SCHEDULED);
            boolean moved = length != job.lengthInMinutes() || !assignedType.equals(job.assignedType()) || assignedId != job.assignedId();
            if (start.isPresent() || (scheduled && moved)) {
                if (!job.status().equals(Jobs.QUEUED) && !scheduled) {
                    throw SonarError.invalid("scheduled_datetime", "The job is " + job.status() + "; return it to the queue to schedule it.");
                }
                if (users.isEmpty()) {
                    throw SonarError.invalid("user_ids", "The user_ids field is required to schedule a queued job.");
                }
                book(edited, start.orElse(job.scheduled()), users);
            }
            return jobs.find(job.id()).orElseThrow();
        });
        return Sonar.created(jobs.view(updated));
    }

    private ServerResponse delete(ServerRequest request) {
        scheduling.manager(request);
        long id = id(request, "id");
        if (!scheduling.inTransaction(() -> jobs.delete(id))) {
            throw SonarError.notFound("job does not exist.");
        }
        return Sonar.deleted();
    }

    /** Checks users in or out: {@code user_id} (one or several), else the caller's own scheduling user. */
    private ServerResponse checkInOrOut(ServerRequest request, boolean in) {
        scheduling.reader(request);
        Input input = Input.of(request);
        Job job = job(request, SonarError.notFound(SonarError.NO_ITEM));
        List<Long> users = input.integers("user_id");
        if (users.isEmpty()) {
            users = List.of(scheduling.userOf(request).orElseThrow(() -> SonarError.invalid("user_id",
                    "The user_id field is required: no scheduling user is linked to this account.")));
        }
        if (job.status().equals(Jobs.COMPLETED) || job.status().equals(Jobs.FAILED)) {
            throw SonarError.invalid("id", "The job is " + job.status() + ".");
        }
        for (long user : users) {
            if (scheduling.people().user(user).isEmpty()) {
                throw SonarError.invalid("user_id", "There is no user with ID " + user + ".");
            }
        }
        long now = scheduling.clock().now();
        List<Long> who = users;
        scheduling.inTransaction(() -> {
            who.forEach(user -> {
                if (in) {
                    jobs.checkIn(job.id(), user, now);
                } else {
                    jobs.checkOut(job.id(), user);
                }
            });
            return null;
        });
        return Sonar.created(jobs.view(jobs.find(job.id()).orElseThrow()));
    }

    private ServerResponse complete(ServerRequest request) {
        scheduling.reader(request);
        Input in = Input.of(request);
        String type = in.text("completion_type").orElse("success");
        if (!type.equals("success") && !type.equals("failure")) {
            throw SonarError.invalid("completion_type", "The completion_type must be success or failure.");
        }
        String reason = in.text("reason").filter(r -> !r.isBlank()).orElse(null);
        if (type.equals("failure") && reason == null) {
            throw SonarError.invalid("reason", "The reason field is required when completion_type is failure.");
        }
        Long by = scheduling.userOf(request).orElse(null);
        Job done = scheduling.inTransaction(() -> {
            Job job = job(request, SonarError.notFound(SonarError.NO_ITEM));
            if (job.status().equals(Jobs.COMPLETED) || job.status().equals(Jobs.FAILED)) {
                throw SonarError.invalid("id", "The job is already " + job.status() + ".");
            }
            LinkedHashSet<Long> services = new LinkedHashSet<>(job.services());
            types.find(job.jobTypeId()).ifPresent(t -> services.addAll(t.services()));
            jobs.complete(job, type.equals("success"), reason, by, scheduling.clock().now(), List.copyOf(services));
            return jobs.find(job.id()).orElseThrow();
        });
        return Sonar.created(jobs.view(done));
    }

    private ServerResponse queue(ServerRequest request) {
        scheduling.manager(request);
        Job queued = scheduling.inTransaction(() -> {
            Job job = job(request, SonarError.notFound(SonarError.NO_ITEM));
            if (job.status().equals(Jobs.COMPLETED)) {
                throw SonarError.invalid("id", "A completed job cannot return to the queue.");
            }
            jobs.queue(job.id());
            return jobs.find(job.id()).orElseThrow();
        });
        return Sonar.created(jobs.view(queued));
    }

    // desired date/times

    private ServerResponse addDesired(ServerRequest request) {
        scheduling.manager(request);
        Job job = job(request, SonarError.notFound(SonarError.NO_ITEM));
        Input in = Input.of(request);
        LocalDate day = in.date("date").orElseThrow(() -> SonarError.required("date"));
        int start = in.time("start_time").orElseThrow(() -> SonarError.required("start_time"));
        int end = in.time("end_time").orElseThrow(() -> SonarError.required("end_time"));
        checkOrder(start, end);
        long id = jobs.addDesired(job.id(), day, start, end);
        return Sonar.created(jobs.desired(job.id(), id).orElseThrow().view());
    }

    private ServerResponse listDesired(ServerRequest request) {
        scheduling.reader(request);
        Job job = job(request, SonarError.notFound(SonarError.NO_ITEM));
        Sonar.Page page = Sonar.Page.of(request);
        return page.reply(jobs.countDesired(job.id()),
                (limit, offset) -> jobs.desired(job.id(), limit, offset).stream().map(Desired::view).toList());
    }

    private ServerResponse getDesired(ServerRequest request) {
        scheduling.reader(request);
        return Sonar.ok(desired(request, SonarError.notFound(SonarError.NO_ITEM)).view());
    }

    private ServerResponse updateDesired(ServerRequest request) {
        scheduling.manager(request);
        Desired d = desired(request, SonarError.notFound(SonarError.NO_ITEM));
        Input in = Input.of(request);
        Desired edited = new Desired(d.id(), d.jobId(), in.date("date").orElse(d.day()), in.time("start_time").orElse(d.start()),
                in.time("end_time").orElse(d.end()));
        checkOrder(edited.start(), edited.end());
        jobs.updateDesired(edited);
        return Sonar.ok(edited.view());
    }

    private ServerResponse deleteDesired(ServerRequest request) {
        scheduling.manager(request);
        if (!jobs.deleteDesired(id(request, "id"), id(request, "did"))) {
            throw SonarError.notFound("desired job date/time does not exist.");
        }
        return Sonar.deleted();
    }

    private static void checkOrder(int start, int end) {
        if (start >= end) {
            throw SonarError.invalid("start_time", "The start_time must be prior to the end_time.");
        }
    }

    private Desired desired(ServerRequest request, SonarError missing) {
        return jobs.desired(id(request, "id"), id(request, "did")).orElseThrow(() -> missing);
    }

    // available space

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

        static SpaceQuery read(Input in, boolean usersRequired, JobTypes types) {
            LocalDate start = in.date("start_date").orElseThrow(() -> SonarError.required("start_date"));
            LocalDate end = in.date("end_date").orElseThrow(() -> SonarError.required("end_date"));
            if (end.isBefore(start) || end.isAfter(start.plusDays(MAX_DAYS - 1))) {
                throw SonarError.invalid("end_date", "The end_date must be on or after start_date, at most " + MAX_DAYS + " days on.");
            }
            if (types.find(in.requiredInteger("job_type_id")).isEmpty()) {
                throw SonarError.invalid("job_type_id", "The selected job_type_id is invalid.");
            }
            int length = in.length("length_in_minutes").orElseThrow(() -> SonarError.required("length_in_minutes"));
            List<Long> users = in.integers("users");
            if (usersRequired && users.isEmpty()) {
                throw SonarError.required("users");
            }
            String entityType = in.text("entityType").orElseThrow(() -> SonarError.required("entityType"));
            if (!entityType.equals("account") && !entityType.equals("network_site")) {
                throw SonarError.invalid("entityType", "The entityType must be account or network_site.");
            }
            return new SpaceQuery(WallTime.of(start), WallTime.of(end.plusDays(1)), length * 60L, users, entityType,
                    in.requiredInteger("entityId"));
        }
    }

    // shared checks

    /** Books a job at {@code start} for {@code users}, after claiming their calendars; 422 when one of them may not. */
    private void book(Job job, long start, List<Long> users) {
        List<Long> missing = calendars.claim(users);
        if (!missing.isEmpty()) {
            throw SonarError.invalid("user_ids", "There is no user with ID " + missing.get(0) + ".");
        }
        long end = start + job.lengthSeconds();
        Map<Long, Calendar> found = calendars.load(users, start, end, job.id());
        for (Calendar c : found.values()) {
            if (!c.serves(job.entityType(), job.assignedId())) {
                throw SonarError.invalid("user_ids", "User ID " + c.userId() + " does not serve this " + job.entityType()
                        + " (geofence).");
            }
            if (!c.isFree(start, end)) {
                throw SonarError.invalid("user_ids", "There is no availability for that day/time for user ID " + c.userId() + ".");
            }
        }
        jobs.schedule(job, start, new ArrayList<>(found.keySet()));
    }

    private JobType jobType(Input in) {
        long id = in.requiredInteger("job_type_id");
        return types.find(id).orElseThrow(() -> SonarError.invalid("job_type_id", "The selected job_type_id is invalid."));
    }

    private static String assignedType(String value) {
        if (!value.equals("accounts") && !value.equals("network_sites")) {
            throw SonarError.invalid("assigned_type", "The assigned_type must be accounts or network_sites.");
        }
        return value;
    }

    private Job job(ServerRequest request, SonarError missing) {
        return jobs.find(id(request, "id")).orElseThrow(() -> missing);
    }

    static long id(ServerRequest request, String variable) {
        try {
            return Long.parseLong(request.pathVariable(variable));
        } catch (NumberFormatException e) {
            throw SonarError.notFound(SonarError.NO_ITEM);
        }
    }
}
