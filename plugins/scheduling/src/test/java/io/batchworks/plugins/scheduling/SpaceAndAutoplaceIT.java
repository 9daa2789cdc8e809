package io.batchworks.plugins.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.batchworks.testapi.Api;
import io.batchworks.testapi.RawHttp;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Sonar's space queries on a calendar worked out by hand, and autoplace placing the queue into the free time it finds.
 * Monday 2030-01-07 is the first day of the calendars.
 */
@OnBothDatabases
class SpaceAndAutoplaceIT extends EngineScenarios {

    private static final String JOBS = "/api/v1/scheduling/jobs";

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(SchedulingPlugin.class, work.resolve("plugins"));
    }

    /**
     * Worked by hand: Ada works 08:00–18:00, has a job 10:00–11:00 and time off 15:00–15:30; Bob works 09:00–12:00 and
     * is fenced to account 5. A 60-minute job fits Ada at 08–10, 11–15 and 15:30–18, Bob at 09–12, both together at 09–10
 * and 11–12.
     */
    @Test
    void spaceQueriesOnACalendarWorkedByHand() throws Exception {
        long type = SonarChecks.jobType(api, "Fit", 60, "[]");
        long ada = SonarChecks.user(api, "Ada space", null);
        long bob = SonarChecks.user(api, "Bob space", null);
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
        assertThat(SonarChecks.blocks(any.path(day).path(Long.toString(ada)))).containsExactly("08:00:00-10:00:00", "11:00:00-15:00:00", "15:30:00-18:00:00");
        assertThat(SonarChecks.blocks(any.path(day).path(Long.toString(bob)))).containsExactly("09:00:00-12:00:00");
        JsonNode elsewhere = api.get(JOBS + "/find_any_available_space" + query + "&users=" + ada + "," + bob
                + "&entityType=account&entityId=6").data();
        assertThat(elsewhere.path(day).has(Long.toString(bob))).as("Bob's geofence keeps him to account 5").isFalse();
        RawHttp.Response bracketed = api.raw("GET", JOBS + "/find_any_available_space" + query + "&users[]=" + ada + "&users[]=" + bob
                + "&entityType=account&entityId=5");
        assertThat(bracketed.status()).as("raw brackets, as PHP clients send them: " + bracketed.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(bracketed.body()).path("data")).isEqualTo(any);
        RawHttp.Response refused = api.raw("GET", JOBS + "?q={}|^");
        assertThat(refused.status()).as("what Tomcat still refuses").isEqualTo(400);
        assertThat(Api.JSON.readTree(refused.body()).path("error").path("status_code").asInt()).as("in Sonar's shape: " + refused.body())
                .isEqualTo(400);
        JsonNode both = api.get(JOBS + "/find_available_space" + query + "&users%5B%5D=" + ada + "&users%5B%5D=" + bob
                + "&entityType=account&entityId=5").data();
        assertThat(SonarChecks.blocks(both.path(day))).containsExactly("09:00:00-10:00:00", "11:00:00-12:00:00");
        SonarChecks.assertField(api.get(JOBS + "/find_available_space" + query + "&entityType=account&entityId=5"), 422, "users");
        SonarChecks.assertField(api.get(JOBS + "/find_any_available_space" + query.replace("job_type_id=" + type, "job_type_id=999999")
                + "&entityType=account&entityId=5"), 422, "job_type_id");
        SonarChecks.assertField(api.get(JOBS + "/find_any_available_space" + query + "&entityType=planet&entityId=5"), 422, "entityType");
        SonarChecks.assertField(api.get(JOBS + "/find_any_available_space?start_date=2030-01-08&end_date=2030-01-07&length_in_minutes=60&job_type_id="
                + type + "&entityType=account&entityId=5"), 422, "end_date");

        // a job fenced away from Bob cannot be booked for him
        SonarChecks.assertField(api.post(JOBS, "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\", \"assigned_id\": 6,"
                + " \"scheduled_datetime\": \"" + day + " 09:00:00\", \"user_ids\": [" + bob + "]}"), 422, "user_ids");
        assertThat(api.get("/api/v1/scheduling/users/" + ada + "/time_off").data().size()).isEqualTo(1);
        long offId = off.data().path("id").asLong();
        assertThat(api.delete("/api/v1/scheduling/users/" + ada + "/time_off/" + offId).status()).isEqualTo(200);
        SonarChecks.assertError(api.get("/api/v1/scheduling/users/" + ada + "/time_off/" + offId), 404, "No item with that ID found.");
        assertThat(api.get("/api/v1/scheduling/users/" + ada + "/working_hours").data().path("monday").isEmpty()).isTrue();
    }

    @Test
    void autoplacePutsTheQueueIntoFreeTimeAndListsEveryJob() throws Exception {
        long type = SonarChecks.jobType(api, "Place", 60, "[]");
        long only = SonarChecks.user(api, "Autoplace only", null);
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
}
