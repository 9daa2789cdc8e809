package io.batchworks.plugins.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Sonar's scheduling API end to end, as Sonar documents it: every example request with its status code and body
 * shape, and every 404 and 422 it documents ({@link SpaceAndAutoplaceIT} has the space queries and autoplace).
 * Each test makes its own users and jobs. Monday 2030-01-07 is the first day of the calendars.
 */
@OnBothDatabases
class SchedulingIT extends EngineScenarios {

    static final String MONDAY = "2030-01-07";
    private static final String JOBS = "/api/v1/scheduling/jobs";

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(SchedulingPlugin.class, work.resolve("plugins"));
    }

    @Test
    void sonarsDocumentedJobCallsInOrder() throws Exception {
        long type = SonarChecks.jobType(api, "Install", 60, "[1, 2]");
        long tech = SonarChecks.user(api, "Ada", master);
        SonarChecks.workingHours(api, tech, "08:00:00", "18:00:00");

        Api.Reply created = api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1,"
                + " \"notes\": \"Please replace the router.\", \"services\": [3]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode job = created.data();
        long id = job.path("id").asLong();
        assertThat(job.path("status").asString()).isEqualTo("queued");
        assertThat(job.path("scheduled_datetime").isNull()).isTrue();
        assertThat(job.path("length_in_minutes").asInt()).as("inherited from the job type").isEqualTo(60);
        assertThat(job.path("created_by_user_id").asLong()).as("the caller's linked user").isEqualTo(tech);
        assertThat(job.path("user_ids").isArray() && job.path("user_ids").isEmpty()).isTrue();
        for (String field : List.of("ticket_id", "assigned_type", "assigned_id", "notes", "checked_in_users", "services",
                "completed_at", "completed_by_user_id", "completed_successfully", "completion_reason", "job_type_id")) {
            assertThat(job.has(field)).as(field).isTrue();
        }

        // desired date/times
        String desired = JOBS + "/" + id + "/desired_job_datetimes";
        Api.Reply wish = api.post(desired, "{\"date\": \"" + MONDAY + "\", \"start_time\": \"07:00:00\", \"end_time\": \"09:00:00\"}");
        assertThat(wish.status()).as(wish.body()).isEqualTo(201);
        assertThat(wish.data().path("start_time").asString()).isEqualTo("07:00:00");
        long wishId = wish.data().path("id").asLong();
        SonarChecks.assertError(api.post(desired, "{\"date\": \"" + MONDAY + "\", \"start_time\": \"10:00:00\", \"end_time\": \"09:00:00\"}"),
                422, "The start_time must be prior to the end_time.");
        Api.Reply wishes = api.get(desired);
        assertThat(wishes.status()).isEqualTo(200);
        assertThat(wishes.data().size()).isEqualTo(1);
        SonarChecks.assertPaginator(wishes.json(), 1, 1, 1, 100);
        assertThat(api.get(desired + "/" + wishId).data().path("date").asString()).isEqualTo(MONDAY);
        Api.Reply moved = api.patch(desired + "/" + wishId, "{\"end_time\": \"11:45:00\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.data().path("end_time").asString()).isEqualTo("11:45:00");
        SonarChecks.assertError(api.get(desired + "/999999"), 404, "No item with that ID found.");
        SonarChecks.assertError(api.patch(desired + "/999999", "{}"), 404, "No item with that ID found.");
        assertThat(api.delete(desired + "/" + wishId).data().path("success").asBoolean()).isTrue();
        SonarChecks.assertError(api.delete(desired + "/" + wishId), 404, "desired job date/time does not exist.");

        // schedule it (PATCH), then a second job cannot take the same hour
        Api.Reply scheduled = api.patch(JOBS + "/" + id, "{\"scheduled_datetime\": \"" + MONDAY + " 09:00:00\", \"user_ids\": [" + tech + "]}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
        assertThat(scheduled.data().path("status").asString()).isEqualTo("scheduled");
        assertThat(scheduled.data().path("scheduled_datetime").asString()).isEqualTo(MONDAY + " 09:00:00");
        assertThat(SonarChecks.ids(scheduled.data().path("user_ids"))).containsExactly(tech);
        SonarChecks.assertError(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1,"
                + " \"scheduled_datetime\": \"" + MONDAY + " 09:30:00\", \"user_ids\": [" + tech + "]}"),
                422, "There is no availability for that day/time for user ID " + tech + ".");
        SonarChecks.assertError(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1,"
                + " \"scheduled_datetime\": \"" + MONDAY + " 17:30:00\", \"user_ids\": [" + tech + "]}"),
                422, "There is no availability for that day/time for user ID " + tech + ".");
        assertThat(api.patch(JOBS + "/" + id, "{\"scheduled_datetime\": \"" + MONDAY + " 09:15:00\"}").data()
                .path("scheduled_datetime").asString()).as("rescheduled over its own old slot, same users").isEqualTo(MONDAY + " 09:15:00");

        // check in and out: the logged in user by default, several at once
        long helper = SonarChecks.user(api, "Grace", null);
        SonarChecks.workingHours(api, helper, "08:00:00", "18:00:00");
        Api.Reply in = api.post(JOBS + "/" + id + "/check_in", "{}");
        assertThat(in.status()).as(in.body()).isEqualTo(201);
        assertThat(in.data().path("checked_in_users").get(0).path("user_id").asLong()).isEqualTo(tech);
        assertThat(in.data().path("checked_in_users").get(0).path("datetime").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(api.post(JOBS + "/" + id + "/check_in", "{\"user_id\": [" + helper + "]}").data().path("checked_in_users").size()).isEqualTo(2);
        Api.Reply out = api.post(JOBS + "/" + id + "/check_out", "{\"user_id\": " + helper + "}");
        assertThat(out.status()).isEqualTo(201);
        assertThat(out.data().path("checked_in_users").size()).isEqualTo(1);
        SonarChecks.assertError(api.post(JOBS + "/999999/check_in", "{}"), 404, "No item with that ID found.");
        SonarChecks.assertError(api.post(JOBS + "/999999/check_out", "{}"), 404, "No item with that ID found.");

        // complete: off the schedule, nobody checked in, the services of the job and its type added to the account
        Api.Reply done = api.post(JOBS + "/" + id + "/complete", "{\"completion_type\": \"success\", \"reason\": \"foobar\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(done.data().path("status").asString()).isEqualTo("completed");
        assertThat(done.data().path("scheduled_datetime").isNull()).isTrue();
        assertThat(done.data().path("user_ids").isEmpty()).isTrue();
        assertThat(done.data().path("checked_in_users").isEmpty()).isTrue();
        assertThat(done.data().path("completed_successfully").asBoolean()).isTrue();
        assertThat(done.data().path("completion_reason").asString()).isEqualTo("foobar");
        assertThat(done.data().path("completed_by_user_id").asLong()).isEqualTo(tech);
        assertThat(done.data().path("completed_at").asString()).isNotBlank();
        assertThat(servicesAdded(id)).containsExactlyInAnyOrder(1L, 2L, 3L);
        SonarChecks.assertError(api.post(JOBS + "/" + id + "/queue", "{}"), 422, "A completed job cannot return to the queue.");
        SonarChecks.assertError(api.post(JOBS + "/999999/complete", "{}"), 404, "No item with that ID found.");

        // a failure needs a reason; a failed job goes back to the queue
        long second = api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"network_sites\", \"assigned_id\": 4}").data().path("id").asLong();
        SonarChecks.assertField(api.post(JOBS + "/" + second + "/complete", "{\"completion_type\": \"failure\"}"), 422, "reason");
        Api.Reply failed = api.post(JOBS + "/" + second + "/complete", "{\"completion_type\": \"failure\", \"reason\": \"no access\"}");
        assertThat(failed.data().path("status").asString()).isEqualTo("failed");
        assertThat(failed.data().path("completed_successfully").asBoolean()).isFalse();
        assertThat(servicesAdded(second)).as("a failure adds nothing").isEmpty();
        Api.Reply queued = api.post(JOBS + "/" + second + "/queue", "{}");
        assertThat(queued.status()).isEqualTo(201);
        assertThat(queued.data().path("status").asString()).isEqualTo("queued");
        assertThat(queued.data().path("completed_at").isNull()).isTrue();
        SonarChecks.assertError(api.post(JOBS + "/999999/queue", "{}"), 404, "No item with that ID found.");

        // get, list, update and delete
        assertThat(api.get(JOBS + "/" + second).data().path("id").asLong()).isEqualTo(second);
        SonarChecks.assertError(api.get(JOBS + "/999999"), 404, "No item with that ID found.");
        Api.Reply page = api.get(JOBS + "?limit=1&page=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.data().size()).isEqualTo(1);
        JsonNode paginator = page.json().path("paginator");
        assertThat(paginator.path("limit").asInt()).isEqualTo(1);
        assertThat(paginator.path("current_page").asInt()).isEqualTo(2);
        assertThat(paginator.path("total_pages").asLong()).isEqualTo(paginator.path("total_count").asLong());
        SonarChecks.assertError(api.patch(JOBS + "/999999", "{\"notes\": \"x\"}"), 422, "No item with that ID found.");
        Api.Reply noted = api.patch(JOBS + "/" + second, "{\"notes\": \"bring a ladder\", \"ticket_id\": 7}");
        assertThat(noted.status()).isEqualTo(201);
        assertThat(noted.data().path("notes").asString()).isEqualTo("bring a ladder");
        assertThat(noted.data().path("ticket_id").asLong()).isEqualTo(7);
        assertThat(api.delete(JOBS + "/" + second).data().path("success").asBoolean()).isTrue();
        SonarChecks.assertError(api.delete(JOBS + "/" + second), 404, "job does not exist.");
    }

    @Test
    void badRequestsAre422NamingTheField() {
        long type = SonarChecks.jobType(api, "Survey", 30, "[]");
        String base = "\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1";
        SonarChecks.assertField(api.post(JOBS, "{" + base + ", \"length_in_minutes\": 50}"), 422, "length_in_minutes");
        SonarChecks.assertField(api.post(JOBS, "{" + base + ", \"length_in_minutes\": 0}"), 422, "length_in_minutes");
        SonarChecks.assertField(api.post(JOBS, "{" + base + ", \"scheduled_datetime\": \"" + MONDAY + " 09:00:00\"}"), 422, "user_ids");
        SonarChecks.assertField(api.post(JOBS, "{" + base + ", \"user_ids\": [1]}"), 422, "scheduled_datetime");
        SonarChecks.assertField(api.post(JOBS, "{" + base + ", \"scheduled_datetime\": \"tomorrow\", \"user_ids\": [1]}"), 422, "scheduled_datetime");
        SonarChecks.assertField(api.post(JOBS, "{\"assigned_type\": \"accounts\", \"assigned_id\": 1}"), 422, "job_type_id");
        SonarChecks.assertField(api.post(JOBS, "{\"job_type_id\": 999999, \"assigned_type\": \"accounts\", \"assigned_id\": 1}"), 422, "job_type_id");
        SonarChecks.assertField(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"houses\", \"assigned_id\": 1}"), 422, "assigned_type");
        SonarChecks.assertField(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\"}"), 422, "assigned_id");
        SonarChecks.assertField(api.post(JOBS, "{" + base + ", \"scheduled_datetime\": \"" + MONDAY + " 09:00:00\", \"user_ids\": [999999]}"), 422, "user_ids");
        SonarChecks.assertField(api.post("/api/v1/scheduling/job_types", "{\"name\": \"x\", \"length_in_minutes\": 20}"), 422, "length_in_minutes");
        SonarChecks.assertField(api.post("/api/v1/users", "{\"account_id\": \"nope\", \"name\": \"x\"}"), 422, "account_id");
        long tech = SonarChecks.user(api, "Linus", null);
        SonarChecks.assertField(api.put("/api/v1/scheduling/users/" + tech + "/working_hours", "{\"funday\": []}"), 422, "funday");
        SonarChecks.assertField(api.put("/api/v1/scheduling/users/" + tech + "/working_hours",
                "{\"monday\": [{\"start\": \"12:00:00\", \"end\": \"08:00:00\"}]}"), 422, "monday");
        SonarChecks.assertField(api.post("/api/v1/scheduling/users/" + tech + "/time_off",
                "{\"start_datetime\": \"" + MONDAY + " 12:00:00\", \"end_datetime\": \"" + MONDAY + " 08:00:00\"}"), 422, "start_datetime");
        SonarChecks.assertField(api.get(JOBS + "?limit=0"), 422, "limit");
        long job = api.post(JOBS, "{" + base + "}").data().path("id").asLong();
        Api unlinked = api.loginAs(api.createAccount(master, Map.of("name", "no scheduling user")));
        SonarChecks.assertField(unlinked.post(JOBS + "/" + job + "/check_in", "{}"), 422, "user_id");
        SonarChecks.assertError(unlinked.post(JOBS, "{" + base + "}"), 403, "Only a super admin may change the schedule.");
        // refused by the engine before the plugin's route: the engine's own 401 envelope
        assertThat(api.as("not-a-token").get(JOBS).status()).isEqualTo(401);
        assertThat(api.post(JOBS, "{not json").status()).isEqualTo(400);
    }

    @Test
    void formBodiesArrayParametersAndBearerTokens() {
        long type = SonarChecks.jobType(api, "Repair", 45, "[]");
        long a = SonarChecks.user(api, "Form A", null);
        long b = SonarChecks.user(api, "Form B", null);
        SonarChecks.workingHours(api, a, "08:00:00", "12:00:00");
        SonarChecks.workingHours(api, b, "08:00:00", "12:00:00");
        Api.Reply created = api.form("POST", JOBS, "job_type_id=" + type + "&assigned_type=accounts&assigned_id=9"
                + "&scheduled_datetime=" + MONDAY.replace("07", "08") + "+10%3A00%3A00&user_ids%5B%5D=" + a + "&user_ids%5B%5D=" + b);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(SonarChecks.ids(created.data().path("user_ids"))).containsExactly(a, b);
        Api.Reply patched = api.form("PATCH", JOBS + "/" + created.data().path("id").asLong(), "notes=by+form");
        assertThat(patched.status()).as(patched.body()).isEqualTo(201);
        assertThat(patched.data().path("notes").asString()).isEqualTo("by form");
        // curl -d '{...}' sends JSON as a form: still JSON, for POST and for PATCH
        Api.Reply curled = api.form("POST", JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 3,"
                + " \"notes\": \"a=b&c\"}");
        assertThat(curled.status()).as(curled.body()).isEqualTo(201);
        assertThat(curled.data().path("notes").asString()).isEqualTo("a=b&c");
        Api.Reply curledPatch = api.form("PATCH", JOBS + "/" + curled.data().path("id").asLong(), "{\"notes\": \"x=y\"}");
        assertThat(curledPatch.status()).as(curledPatch.body()).isEqualTo(201);
        assertThat(curledPatch.data().path("notes").asString()).isEqualTo("x=y");
        String space = JOBS + "/find_available_space?start_date=2030-01-08&end_date=2030-01-08&length_in_minutes=60&job_type_id="
                + type + "&entityType=account&entityId=9";
        JsonNode bracketed = api.bearer().get(space + "&users%5B%5D=" + a + "&users%5B%5D=" + b).json();
        JsonNode repeated = api.get(space + "&users=" + a + "&users=" + b).json();
        JsonNode commas = api.get(space + "&users=" + a + "," + b).json();
        assertThat(bracketed.path("data").path("2030-01-08").size()).as(bracketed.toString()).isEqualTo(2);
        assertThat(repeated).isEqualTo(bracketed);
        assertThat(commas).isEqualTo(bracketed);
    }

    /** The same hours every day of the week. */

    private List<Long> servicesAdded(long job) throws Exception {
        List<Long> services = new ArrayList<>();
        try (Connection c = engine.bean(javax.sql.DataSource.class).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT service_id FROM sch_entity_service WHERE job_id = " + job)) {
            while (rs.next()) {
                services.add(rs.getLong(1));
            }
        }
        return services;
    }
}
