package io.batchworks.plugins.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.batchworks.testapi.Api;

import tools.jackson.databind.JsonNode;

/** Sonar's replies as the scheduling tests check them, and the set-up they share. */
final class SonarChecks {

    private SonarChecks() {
    }

    /** A job type; returns its id. */
    static long jobType(Api api, String name, int length, String services) {
        Api.Reply reply = api.post("/api/v1/scheduling/job_types", "{\"name\": \"" + name + "\", \"length_in_minutes\": " + length
                + ", \"services\": " + services + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.data().path("id").asLong();
    }

    /** A user, linked to an engine account when {@code account} is given. */
    static long user(Api api, String name, String account) {
        String link = account == null ? "" : ", \"account_id\": \"" + account + "\"";
        Api.Reply reply = api.post("/api/v1/users", "{\"name\": \"" + name + "\"" + link + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.data().path("id").asLong();
    }

    /** Gives a user the same working hours every day of the week, and checks the reply. */
    static void workingHours(Api api, long user, String start, String end) {
        StringBuilder plan = new StringBuilder("{");
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            plan.append(plan.length() > 1 ? ", " : "").append('"').append(day).append("\": [{\"start\": \"").append(start)
                    .append("\", \"end\": \"").append(end).append("\"}]");
        }
        Api.Reply reply = api.put("/api/v1/scheduling/users/" + user + "/working_hours", plan.append('}').toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.data().path("sunday").get(0).path("start").asString()).isEqualTo(start);
    }

    /** The numbers of a JSON array. */
    static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    /** Free blocks as {@code start-end} texts. */
    static List<String> blocks(JsonNode blocks) {
        List<String> list = new ArrayList<>();
        blocks.forEach(b -> list.add(b.path("start").asString() + "-" + b.path("end").asString()));
        return list;
    }

    /** Sonar's error envelope with this status (and message, unless {@code null}). */
    static void assertError(Api.Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("status_code").asInt()).as(reply.body()).isEqualTo(status);
        if (message != null) {
            assertThat(error.path("message").asString()).isEqualTo(message);
        }
    }

    /** Sonar's error envelope naming the field. */
    static void assertField(Api.Reply reply, int status, String field) {
        assertError(reply, status, null);
        assertThat(reply.json().path("error").path("field").asString()).as(reply.body()).isEqualTo(field);
    }

    /** Sonar's paginator of a listing. */
    static void assertPaginator(JsonNode body, long total, long pages, int current, int limit) {
        JsonNode paginator = body.path("paginator");
        assertThat(paginator.propertyNames()).containsExactly("total_count", "total_pages", "current_page", "limit");
        assertThat(List.of(paginator.path("total_count").asLong(), paginator.path("total_pages").asLong(),
                paginator.path("current_page").asLong(), paginator.path("limit").asLong())).containsExactly(total, pages, (long) current, (long) limit);
    }
}
