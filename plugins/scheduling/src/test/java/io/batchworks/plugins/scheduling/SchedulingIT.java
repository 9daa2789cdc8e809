package io.batchworks.plugins.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Sonar's scheduling API end to end, as Sonar documents it: every example request with its status code and body
 * shape, every 404 and 422 it documents, the space queries on a calendar worked out by hand, and autoplace.
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
        long type = jobType("Install", 60, "[1, 2]");
        long tech = user("Ada", master);
        workingHours(tech, "08:00:00", "18:00:00");

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
        assertError(api.post(desired, "{\"date\": \"" + MONDAY + "\", \"start_time\": \"10:00:00\", \"end_time\": \"09:00:00\"}"),
                422, "The start_time must be prior to the end_time.");
        Api.Reply wishes = api.get(desired);
        assertThat(wishes.status()).isEqualTo(200);
        assertThat(wishes.data().size()).isEqualTo(1);
        assertPaginator(wishes.json(), 1, 1, 1, 100);
        assertThat(api.get(desired + "/" + wishId).data().path("date").asString()).isEqualTo(MONDAY);
        Api.Reply moved = api.patch(desired + "/" + wishId, "{\"end_time\": \"11:45:00\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.data().path("end_time").asString()).isEqualTo("11:45:00");
        assertError(api.get(desired + "/999999"), 404, "No item with that ID found.");
        assertError(api.patch(desired + "/999999", "{}"), 404, "No item with that ID found.");
        assertThat(api.delete(desired + "/" + wishId).data().path("success").asBoolean()).isTrue();
        assertError(api.delete(desired + "/" + wishId), 404, "desired job date/time does not exist.");

        // schedule it (PATCH), then a second job cannot take the same hour
        Api.Reply scheduled = api.patch(JOBS + "/" + id, "{\"scheduled_datetime\": \"" + MONDAY + " 09:00:00\", \"user_ids\": [" + tech + "]}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
        assertThat(scheduled.data().path("status").asString()).isEqualTo("scheduled");
        assertThat(scheduled.data().path("scheduled_datetime").asString()).isEqualTo(MONDAY + " 09:00:00");
        assertThat(ids(scheduled.data().path("user_ids"))).containsExactly(tech);
        assertError(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1,"
                + " \"scheduled_datetime\": \"" + MONDAY + " 09:30:00\", \"user_ids\": [" + tech + "]}"),
                422, "There is no availability for that day/time for user ID " + tech + ".");
        assertError(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1,"
                + " \"scheduled_datetime\": \"" + MONDAY + " 17:30:00\", \"user_ids\": [" + tech + "]}"),
                422, "There is no availability for that day/time for user ID " + tech + ".");
        assertThat(api.patch(JOBS + "/" + id, "{\"scheduled_datetime\": \"" + MONDAY + " 09:15:00\"}").data()
                .path("scheduled_datetime").asString()).as("rescheduled over its own old slot, same users").isEqualTo(MONDAY + " 09:15:00");

        // check in and out: the logged in user by default, several at once
        long helper = user("Grace", null);
        workingHours(helper, "08:00:00", "18:00:00");
        Api.Reply in = api.post(JOBS + "/" + id + "/check_in", "{}");
        assertThat(in.status()).as(in.body()).isEqualTo(201);
        assertThat(in.data().path("checked_in_users").get(0).path("user_id").asLong()).isEqualTo(tech);
        assertThat(in.data().path("checked_in_users").get(0).path("datetime").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(api.post(JOBS + "/" + id + "/check_in", "{\"user_id\": [" + helper + "]}").data().path("checked_in_users").size()).isEqualTo(2);
        Api.Reply out = api.post(JOBS + "/" + id + "/check_out", "{\"user_id\": " + helper + "}");
        assertThat(out.status()).isEqualTo(201);
        assertThat(out.data().path("checked_in_users").size()).isEqualTo(1);
        assertError(api.post(JOBS + "/999999/check_in", "{}"), 404, "No item with that ID found.");
        assertError(api.post(JOBS + "/999999/check_out", "{}"), 404, "No item with that ID found.");

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
        assertError(api.post(JOBS + "/" + id + "/queue", "{}"), 422, "A completed job cannot return to the queue.");
        assertError(api.post(JOBS + "/999999/complete", "{}"), 404, "No item with that ID found.");

        // a failure needs a reason; a failed job goes back to the queue
        long second = api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"network_sites\", \"assigned_id\": 4}").data().path("id").asLong();
        assertField(api.post(JOBS + "/" + second + "/complete", "{\"completion_type\": \"failure\"}"), 422, "reason");
        Api.Reply failed = api.post(JOBS + "/" + second + "/complete", "{\"completion_type\": \"failure\", \"reason\": \"no access\"}");
        assertThat(failed.data().path("status").asString()).isEqualTo("failed");
        assertThat(failed.data().path("completed_successfully").asBoolean()).isFalse();
        assertThat(servicesAdded(second)).as("a failure adds nothing").isEmpty();
        Api.Reply queued = api.post(JOBS + "/" + second + "/queue", "{}");
        assertThat(queued.status()).isEqualTo(201);
        assertThat(queued.data().path("status").asString()).isEqualTo("queued");
        assertThat(queued.data().path("completed_at").isNull()).isTrue();
        assertError(api.post(JOBS + "/999999/queue", "{}"), 404, "No item with that ID found.");

        // get, list, update and delete
        assertThat(api.get(JOBS + "/" + second).data().path("id").asLong()).isEqualTo(second);
        assertError(api.get(JOBS + "/999999"), 404, "No item with that ID found.");
        Api.Reply page = api.get(JOBS + "?limit=1&page=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.data().size()).isEqualTo(1);
        JsonNode paginator = page.json().path("paginator");
        assertThat(paginator.path("limit").asInt()).isEqualTo(1);
        assertThat(paginator.path("current_page").asInt()).isEqualTo(2);
        assertThat(paginator.path("total_pages").asLong()).isEqualTo(paginator.path("total_count").asLong());
        assertError(api.patch(JOBS + "/999999", "{\"notes\": \"x\"}"), 422, "No item with that ID found.");
        Api.Reply noted = api.patch(JOBS + "/" + second, "{\"notes\": \"bring a ladder\", \"ticket_id\": 7}");
        assertThat(noted.status()).isEqualTo(201);
        assertThat(noted.data().path("notes").asString()).isEqualTo("bring a ladder");
        assertThat(noted.data().path("ticket_id").asLong()).isEqualTo(7);
        assertThat(api.delete(JOBS + "/" + second).data().path("success").asBoolean()).isTrue();
        assertError(api.delete(JOBS + "/" + second), 404, "job does not exist.");
    }

    @Test
    void badRequestsAre422NamingTheField() {
        long type = jobType("Survey", 30, "[]");
        String base = "\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 1";
        assertField(api.post(JOBS, "{" + base + ", \"length_in_minutes\": 50}"), 422, "length_in_minutes");
        assertField(api.post(JOBS, "{" + base + ", \"length_in_minutes\": 0}"), 422, "length_in_minutes");
        assertField(api.post(JOBS, "{" + base + ", \"scheduled_datetime\": \"" + MONDAY + " 09:00:00\"}"), 422, "user_ids");
        assertField(api.post(JOBS, "{" + base + ", \"user_ids\": [1]}"), 422, "scheduled_datetime");
        assertField(api.post(JOBS, "{" + base + ", \"scheduled_datetime\": \"tomorrow\", \"user_ids\": [1]}"), 422, "scheduled_datetime");
        assertField(api.post(JOBS, "{\"assigned_type\": \"accounts\", \"assigned_id\": 1}"), 422, "job_type_id");
        assertField(api.post(JOBS, "{\"job_type_id\": 999999, \"assigned_type\": \"accounts\", \"assigned_id\": 1}"), 422, "job_type_id");
        assertField(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"houses\", \"assigned_id\": 1}"), 422, "assigned_type");
        assertField(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\"}"), 422, "assigned_id");
        assertField(api.post(JOBS, "{" + base + ", \"scheduled_datetime\": \"" + MONDAY + " 09:00:00\", \"user_ids\": [999999]}"), 422, "user_ids");
        assertField(api.post("/api/v1/scheduling/job_types", "{\"name\": \"x\", \"length_in_minutes\": 20}"), 422, "length_in_minutes");
        assertField(api.post("/api/v1/users", "{\"account_id\": \"nope\", \"name\": \"x\"}"), 422, "account_id");
        long tech = user("Linus", null);
        assertField(api.put("/api/v1/scheduling/users/" + tech + "/working_hours", "{\"funday\": []}"), 422, "funday");
        assertField(api.put("/api/v1/scheduling/users/" + tech + "/working_hours",
                "{\"monday\": [{\"start\": \"12:00:00\", \"end\": \"08:00:00\"}]}"), 422, "monday");
        assertField(api.post("/api/v1/scheduling/users/" + tech + "/time_off",
                "{\"start_datetime\": \"" + MONDAY + " 12:00:00\", \"end_datetime\": \"" + MONDAY + " 08:00:00\"}"), 422, "start_datetime");
        assertField(api.get(JOBS + "?limit=0"), 422, "limit");
        long job = api.post(JOBS, "{" + base + "}").data().path("id").asLong();
        Api unlinked = api.loginAs(api.createAccount(master, Map.of("name", "no scheduling user")));
        assertField(unlinked.post(JOBS + "/" + job + "/check_in", "{}"), 422, "user_id");
        assertError(unlinked.post(JOBS, "{" + base + "}"), 403, "Only a super admin may change the schedule.");
        // refused by the engine before the plugin's route: the engine's own 401 envelope
        assertThat(api.as("not-a-token").get(JOBS).status()).isEqualTo(401);
        assertThat(api.post(JOBS, "{not json").status()).isEqualTo(400);
    }

    @Test
    void formBodiesArrayParametersAndBearerTokens() {
        long type = jobType("Repair", 45, "[]");
        long a = user("Form A", null);
        long b = user("Form B", null);
        workingHours(a, "08:00:00", "12:00:00");
        workingHours(b, "08:00:00", "12:00:00");
        Api.Reply created = api.form("POST", JOBS, "job_type_id=" + type + "&assigned_type=accounts&assigned_id=9"
                + "&scheduled_datetime=" + MONDAY.replace("07", "08") + "+10%3A00%3A00&user_ids%5B%5D=" + a + "&user_ids%5B%5D=" + b);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(ids(created.data().path("user_ids"))).containsExactly(a, b);
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

    /**
     * Worked by hand: Ada works 08:00–18:00, has a job 10:00–11:00 and time off 15:00–15:30; Bob works 09:00–12:00 and
     * is fenced to account 5. A 60-minute job fits Ada at 08–10, 11–15 and 15:30–18, Bob at 09–12, both together at 09–10
 * and 11–12.
     */
    @Test
    void spaceQueriesOnACalendarWorkedByHand() {
        long type = jobType("Fit", 60, "[]");
        long ada = user("Ada space", null);
        long bob = user("Bob space", null);
        api.put("/api/v1/scheduling/users/" + ada + "/working_hours", "{\"wednesday\": [{\"start\": \"08:00:00\", \"end\": \"18:00:00\"}]}");
        api.put("/api/v1/scheduling/users/" + bob + "/working_hours", "{\"wednesday\": [{\"start\": \"09:00:00\", \"end\": \"12:00:00\"}]}");
        Api.Reply fence = api.post("/api/v1/scheduling/geofences", "{\"user_id\": " + bob + ", \"entity_type\": \"account\", \"entity_id\": 5}");
        assertThat(fence.status()).as(fence.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/scheduling/geofences?user_id=" + bob).data().size()).isEqualTo(1);
        String day = "2030-01-09";
        assertThat(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 5,"
                + " \"scheduled_datetime\": \"" + day + " 10:00:00\", \"user_ids\": [" + ada + "]}").status()).isEqualTo(201);
        Api.Reply off = api.post("/api/v1/scheduling/users/" + ada + "/time_off",
                "{\"start_datetime\": \"" + day + " 15:00:00\", \"end_datetime\": \"" + day + " 15:30:00\"}");
        assertThat(off.status()).as(off.body()).isEqualTo(201);

        String query = "?start_date=2030-01-08&end_date=2030-01-10&length_in_minutes=60&job_type_id=" + type;
        JsonNode any = api.get(JOBS + "/find_any_available_space" + query + "&users=" + ada + "," + bob
                + "&entityType=account&entityId=5").data();
        assertThat(any.propertyNames()).containsExactly(day);
        assertThat(blocks(any.path(day).path(Long.toString(ada)))).containsExactly("08:00:00-10:00:00", "11:00:00-15:00:00", "15:30:00-18:00:00");
        assertThat(blocks(any.path(day).path(Long.toString(bob)))).containsExactly("09:00:00-12:00:00");
        JsonNode elsewhere = api.get(JOBS + "/find_any_available_space" + query + "&users=" + ada + "," + bob
                + "&entityType=account&entityId=6").data();
        assertThat(elsewhere.path(day).has(Long.toString(bob))).as("Bob's geofence keeps him to account 5").isFalse();
        JsonNode both = api.get(JOBS + "/find_available_space" + query + "&users%5B%5D=" + ada + "&users%5B%5D=" + bob
                + "&entityType=account&entityId=5").data();
        assertThat(blocks(both.path(day))).containsExactly("09:00:00-10:00:00", "11:00:00-12:00:00");
        assertField(api.get(JOBS + "/find_available_space" + query + "&entityType=account&entityId=5"), 422, "users");
        assertField(api.get(JOBS + "/find_any_available_space" + query.replace("job_type_id=" + type, "job_type_id=999999")
                + "&entityType=account&entityId=5"), 422, "job_type_id");
        assertField(api.get(JOBS + "/find_any_available_space" + query + "&entityType=planet&entityId=5"), 422, "entityType");
        assertField(api.get(JOBS + "/find_any_available_space?start_date=2030-01-08&end_date=2030-01-07&length_in_minutes=60&job_type_id="
                + type + "&entityType=account&entityId=5"), 422, "end_date");

        // a job fenced away from Bob cannot be booked for him
        assertField(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 6,"
                + " \"scheduled_datetime\": \"" + day + " 09:00:00\", \"user_ids\": [" + bob + "]}"), 422, "user_ids");
        assertThat(api.get("/api/v1/scheduling/users/" + ada + "/time_off").data().size()).isEqualTo(1);
        long offId = off.data().path("id").asLong();
        assertThat(api.delete("/api/v1/scheduling/users/" + ada + "/time_off/" + offId).status()).isEqualTo(200);
        assertError(api.get("/api/v1/scheduling/users/" + ada + "/time_off/" + offId), 404, "No item with that ID found.");
        assertThat(api.get("/api/v1/scheduling/users/" + ada + "/working_hours").data().path("monday").isEmpty()).isTrue();
    }

    @Test
    void autoplacePutsTheQueueIntoFreeTimeAndListsEveryJob() throws Exception {
        long type = jobType("Place", 60, "[]");
        long only = user("Autoplace only", null);
        api.put("/api/v1/scheduling/users/" + only + "/working_hours", "{\"thursday\": [{\"start\": \"08:00:00\", \"end\": \"10:00:00\"}]}");
        api.post("/api/v1/scheduling/geofences", "{\"user_id\": " + only + ", \"entity_type\": \"network_site\", \"entity_id\": 77}");
        String site = "\"job_type_id\": " + type + ", \"assigned_type\": \"network_sites\", \"assigned_id\": 77";
        long first = api.post(JOBS, "{" + site + "}").data().path("id").asLong();
        long wishful = api.post(JOBS, "{" + site + "}").data().path("id").asLong();
        api.post(JOBS + "/" + wishful + "/desired_job_datetimes", "{\"date\": \"2030-01-10\", \"start_time\": \"09:00:00\", \"end_time\": \"10:00:00\"}");
        long third = api.post(JOBS, "{" + site + "}").data().path("id").asLong();

        assertThat(api.put("/v2/tasks?category=scheduling&action=autoplace&from=tomorrow").status()).isEqualTo(400);
        String ids = first + "," + wishful + "," + third;
        Api.Reply task = api.put("/v2/tasks?category=scheduling&action=autoplace&from=2030-01-10&to=2030-01-10&job_ids=" + ids);
        assertThat(task.status()).as(task.body()).isEqualTo(201);
        String id = task.task().path("id").asString();
        api.patch("/v2/tasks/" + id);
        JsonNode done = api.awaitEnd(id, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("partial");
        assertThat(done.path("success_count").asLong()).isEqualTo(2);
        assertThat(done.path("failure_count").asLong()).isEqualTo(1);
        assertThat(api.get(JOBS + "/" + first).data().path("scheduled_datetime").asString()).isEqualTo("2030-01-10 08:00:00");
        assertThat(api.get(JOBS + "/" + wishful).data().path("scheduled_datetime").asString()).isEqualTo("2030-01-10 09:00:00");
        assertThat(api.get(JOBS + "/" + third).data().path("status").asString()).isEqualTo("queued");
        List<String> lines = api.getCsv("/v2/tasks/" + id).body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("job_id,window_start,window_end,scheduled_datetime,user_ids,error,line");
        assertThat(lines.get(1)).startsWith(first + ",2030-01-10 00:00:00,2030-01-11 00:00:00,2030-01-10 08:00:00," + only + ",,");
        assertThat(lines.get(2)).startsWith(wishful + ",").contains(",2030-01-10 09:00:00," + only + ",,");
        assertThat(lines.get(3)).startsWith(third + ",").contains("no availability between 2030-01-10 00:00:00 and 2030-01-11 00:00:00");
    }

    // helpers

    long jobType(String name, int length, String services) {
        Api.Reply reply = api.post("/api/v1/scheduling/job_types", "{\"name\": \"" + name + "\", \"length_in_minutes\": " + length
                + ", \"services\": " + services + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.data().path("id").asLong();
    }

    /** A user, linked to an engine account when {@code account} is given. */
    long user(String name, String account) {
        String link = account == null ? "" : ", \"account_id\": \"" + account + "\"";
        Api.Reply reply = api.post("/api/v1/users", "{\"name\": \"" + name + "\"" + link + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.data().path("id").asLong();
    }

    /** The same hours every day of the week. */
    void workingHours(long user, String start, String end) {
        StringBuilder plan = new StringBuilder("{");
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            plan.append(plan.length() > 1 ? ", " : "").append('"').append(day).append("\": [{\"start\": \"").append(start)
                    .append("\", \"end\": \"").append(end).append("\"}]");
        }
        Api.Reply reply = api.put("/api/v1/scheduling/users/" + user + "/working_hours", plan.append('}').toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.data().path("sunday").get(0).path("start").asString()).isEqualTo(start);
    }

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

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    private static List<String> blocks(JsonNode blocks) {
        List<String> list = new ArrayList<>();
        blocks.forEach(b -> list.add(b.path("start").asString() + "-" + b.path("end").asString()));
        return list;
    }

    static void assertError(Api.Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("status_code").asInt()).as(reply.body()).isEqualTo(status);
        if (message != null) {
            assertThat(error.path("message").asString()).isEqualTo(message);
        }
    }

    static void assertField(Api.Reply reply, int status, String field) {
        assertError(reply, status, null);
        assertThat(reply.json().path("error").path("field").asString()).as(reply.body()).isEqualTo(field);
    }

    private static void assertPaginator(JsonNode body, long total, long pages, int current, int limit) {
        JsonNode paginator = body.path("paginator");
        assertThat(paginator.propertyNames()).containsExactly("total_count", "total_pages", "current_page", "limit");
        assertThat(List.of(paginator.path("total_count").asLong(), paginator.path("total_pages").asLong(),
                paginator.path("current_page").asLong(), paginator.path("limit").asLong())).containsExactly(total, pages, (long) current, (long) limit);
    }
}
