package io.batchworks.plugins.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugins.scheduling.JobStore.Job;
import io.batchworks.plugins.scheduling.JobTypeStore.JobType;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Sonar's {@code /api/v1/scheduling/jobs}: jobs, check-in and out, completion and the queue ({@link DesiredTimesApi}
 * has their desired date/times, {@link SpaceApi} the space queries). Status codes and messages are Sonar's, including
 * its 422 for updating a job that does not exist.
 */
final class JobsApi {

    static final String JOBS = "/api/v1/scheduling/jobs";
    static final String JOB = JOBS + "/{id}";

    private final Scheduling scheduling;
    private final JobStore jobs;
    private final JobTypeStore types;
    private final Calendars calendars;

    JobsApi(Scheduling scheduling) {
        this.scheduling = scheduling;
        this.jobs = scheduling.jobs();
        this.types = scheduling.types();
        this.calendars = scheduling.calendars();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(JOBS, this::create)
                .GET(JOBS, this::list)
                .GET(JOB, this::get)
                .PATCH(JOB, this::update)
                .DELETE(JOB, this::delete)
                .POST(JOB + "/check_in", r -> checkInOrOut(r, true))
                .POST(JOB + "/check_out", r -> checkInOrOut(r, false))
                .POST(JOB + "/complete", this::complete)
                .POST(JOB + "/queue", this::queue)
                .build();
    }

    private ServerResponse create(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        JobType type = jobType(in);
        String assignedType = assignedType(in.text("assigned_type").orElseThrow(() -> SonarErrors.required("assigned_type")));
        long assignedId = in.requiredInteger("assigned_id");
        int length = in.length("length_in_minutes").orElse(type.lengthInMinutes());
        Optional<Long> start = in.dateTime("scheduled_datetime");
        List<Long> users = in.integers("user_ids");
        if (start.isPresent() && users.isEmpty()) {
            throw SonarErrors.invalid("user_ids", "The user_ids field is required when scheduled_datetime is present.");
        }
        if (start.isEmpty() && !users.isEmpty()) {
            throw SonarErrors.invalid("scheduled_datetime", "The scheduled_datetime field is required when user_ids is present.");
        }
        Long createdBy = scheduling.userOf(request).orElse(null);
        Job draft = new Job(0, type.id(), length, in.integer("ticket_id").orElse(null), assignedType, assignedId,
                in.text("notes").orElse(null), JobStore.QUEUED, null, createdBy, in.integers("services"), null, null, null, null);
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
        return Sonar.ok(jobs.view(job(request, SonarErrors.notFound(SonarErrors.NO_ITEM))));
    }

    /** Edits a job; a {@code scheduled_datetime} schedules or reschedules it, checked like a new booking. */
    private ServerResponse update(ServerRequest request) {
        scheduling.manager(request);
        Input in = Input.of(request);
        Optional<Long> start = in.dateTime("scheduled_datetime");
        Job updated = scheduling.inTransaction(() -> {
            ApiException missingJob = SonarErrors.error(422, SonarErrors.NO_ITEM);
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
                throw SonarErrors.invalid(missing, "The " + missing + " field is required when "
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
            boolean scheduled = job.status().equals(JobStore.SCHEDULED);
            boolean moved = length != job.lengthInMinutes() || !assignedType.equals(job.assignedType()) || assignedId != job.assignedId();
            if (start.isPresent() || (scheduled && moved)) {
                if (!job.status().equals(JobStore.QUEUED) && !scheduled) {
                    throw SonarErrors.invalid("scheduled_datetime", "The job is " + job.status() + "; return it to the queue to schedule it.");
                }
                if (users.isEmpty()) {
                    throw SonarErrors.invalid("user_ids", "The user_ids field is required to schedule a queued job.");
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
            throw SonarErrors.notFound("job does not exist.");
        }
        return Sonar.deleted();
    }

    /** Checks users in or out: {@code user_id} (one or several), else the caller's own scheduling user. */
    private ServerResponse checkInOrOut(ServerRequest request, boolean in) {
        scheduling.reader(request);
        Input input = Input.of(request);
        Job job = job(request, SonarErrors.notFound(SonarErrors.NO_ITEM));
        List<Long> users = input.integers("user_id");
        if (users.isEmpty()) {
            users = List.of(scheduling.userOf(request).orElseThrow(() -> SonarErrors.invalid("user_id",
                    "The user_id field is required: no scheduling user is linked to this account.")));
        }
        if (job.status().equals(JobStore.COMPLETED) || job.status().equals(JobStore.FAILED)) {
            throw SonarErrors.invalid("id", "The job is " + job.status() + ".");
        }
        for (long user : users) {
            if (scheduling.people().user(user).isEmpty()) {
                throw SonarErrors.invalid("user_id", "There is no user with ID " + user + ".");
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
            throw SonarErrors.invalid("completion_type", "The completion_type must be success or failure.");
        }
        String reason = in.text("reason").filter(r -> !r.isBlank()).orElse(null);
        if (type.equals("failure") && reason == null) {
            throw SonarErrors.invalid("reason", "The reason field is required when completion_type is failure.");
        }
        Long by = scheduling.userOf(request).orElse(null);
        Job done = scheduling.inTransaction(() -> {
            Job job = job(request, SonarErrors.notFound(SonarErrors.NO_ITEM));
            if (job.status().equals(JobStore.COMPLETED) || job.status().equals(JobStore.FAILED)) {
                throw SonarErrors.invalid("id", "The job is already " + job.status() + ".");
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
            Job job = job(request, SonarErrors.notFound(SonarErrors.NO_ITEM));
            if (job.status().equals(JobStore.COMPLETED)) {
                throw SonarErrors.invalid("id", "A completed job cannot return to the queue.");
            }
            jobs.queue(job.id());
            return jobs.find(job.id()).orElseThrow();
        });
        return Sonar.created(jobs.view(queued));
    }

    /** Books a job at {@code start} for {@code users}, after claiming their calendars; 422 when one of them may not. */
    private void book(Job job, long start, List<Long> users) {
        List<Long> missing = calendars.claim(users);
        if (!missing.isEmpty()) {
            throw SonarErrors.invalid("user_ids", "There is no user with ID " + missing.get(0) + ".");
        }
        long end = start + job.lengthSeconds();
        Map<Long, Calendar> found = calendars.load(users, start, end, job.id());
        for (Calendar c : found.values()) {
            if (!c.serves(job.entityType(), job.assignedId())) {
                throw SonarErrors.invalid("user_ids", "User ID " + c.userId() + " does not serve this " + job.entityType()
                        + " (geofence).");
            }
            if (!c.isFree(start, end)) {
                throw SonarErrors.invalid("user_ids", "There is no availability for that day/time for user ID " + c.userId() + ".");
            }
        }
        jobs.schedule(job, start, new ArrayList<>(found.keySet()));
    }

    private JobType jobType(Input in) {
        long id = in.requiredInteger("job_type_id");
        return types.find(id).orElseThrow(() -> SonarErrors.invalid("job_type_id", "The selected job_type_id is invalid."));
    }

    private static String assignedType(String value) {
        if (!value.equals("accounts") && !value.equals("network_sites")) {
            throw SonarErrors.invalid("assigned_type", "The assigned_type must be accounts or network_sites.");
        }
        return value;
    }

    /** The job of the request's {@code id}; {@code missing} when there is none. */
    static Job job(JobStore jobs, ServerRequest request, ApiException missing) {
        return jobs.find(id(request, "id")).orElseThrow(() -> missing);
    }

    private Job job(ServerRequest request, ApiException missing) {
        return job(jobs, request, missing);
    }

    static long id(ServerRequest request, String variable) {
        try {
            return Long.parseLong(request.pathVariable(variable));
        } catch (NumberFormatException e) {
            throw SonarErrors.notFound(SonarErrors.NO_ITEM);
        }
    }
}
