package io.batchworks.plugins.scheduling;

import java.time.LocalDate;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugins.scheduling.JobStore.Desired;
import io.batchworks.plugins.scheduling.JobStore.Job;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** Sonar's {@code /api/v1/scheduling/jobs/{id}/desired_job_datetimes}: when the customer would like a job. */
final class DesiredTimesApi {

    private static final String DESIRED = JobsApi.JOB + "/desired_job_datetimes";

    private final Scheduling scheduling;
    private final JobStore jobs;

    DesiredTimesApi(Scheduling scheduling) {
        this.scheduling = scheduling;
        this.jobs = scheduling.jobs();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(DESIRED, this::addDesired)
                .GET(DESIRED, this::listDesired)
                .GET(DESIRED + "/{did}", this::getDesired)
                .PATCH(DESIRED + "/{did}", this::updateDesired)
                .DELETE(DESIRED + "/{did}", this::deleteDesired)
                .build();
    }

    private ServerResponse addDesired(ServerRequest request) {
        scheduling.manager(request);
        Job job = JobsApi.job(jobs, request, SonarErrors.notFound(SonarErrors.NO_ITEM));
        Input in = Input.of(request);
        LocalDate day = in.date("date").orElseThrow(() -> SonarErrors.required("date"));
        int start = in.time("start_time").orElseThrow(() -> SonarErrors.required("start_time"));
        int end = in.time("end_time").orElseThrow(() -> SonarErrors.required("end_time"));
        checkOrder(start, end);
        long id = jobs.addDesired(job.id(), day, start, end);
        return Sonar.created(jobs.desired(job.id(), id).orElseThrow().view());
    }

    private ServerResponse listDesired(ServerRequest request) {
        scheduling.reader(request);
        Job job = JobsApi.job(jobs, request, SonarErrors.notFound(SonarErrors.NO_ITEM));
        Sonar.Page page = Sonar.Page.of(request);
        return page.reply(jobs.countDesired(job.id()),
                (limit, offset) -> jobs.desired(job.id(), limit, offset).stream().map(Desired::view).toList());
    }

    private ServerResponse getDesired(ServerRequest request) {
        scheduling.reader(request);
        return Sonar.ok(desired(request, SonarErrors.notFound(SonarErrors.NO_ITEM)).view());
    }

    private ServerResponse updateDesired(ServerRequest request) {
        scheduling.manager(request);
        Desired d = desired(request, SonarErrors.notFound(SonarErrors.NO_ITEM));
        Input in = Input.of(request);
        Desired edited = new Desired(d.id(), d.jobId(), in.date("date").orElse(d.day()), in.time("start_time").orElse(d.start()),
                in.time("end_time").orElse(d.end()));
        checkOrder(edited.start(), edited.end());
        jobs.updateDesired(edited);
        return Sonar.ok(edited.view());
    }

    private ServerResponse deleteDesired(ServerRequest request) {
        scheduling.manager(request);
        if (!jobs.deleteDesired(JobsApi.id(request, "id"), JobsApi.id(request, "did"))) {
            throw SonarErrors.notFound("desired job date/time does not exist.");
        }
        return Sonar.deleted();
    }

    private static void checkOrder(int start, int end) {
        if (start >= end) {
            throw SonarErrors.invalid("start_time", "The start_time must be prior to the end_time.");
        }
    }

    private Desired desired(ServerRequest request, ApiException missing) {
        return jobs.desired(JobsApi.id(request, "id"), JobsApi.id(request, "did")).orElseThrow(() -> missing);
    }
}
