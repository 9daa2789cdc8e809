package io.batchworks.plugins.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.batchworks.testapi.Api;

import tools.jackson.databind.JsonNode;

/** Kazoo's resources and their jobs as tests follow and check them. */
final class ResourceJobs {

    private ResourceJobs() {
    }

    /** Polls a job ({@code .../resources/jobs/{J}}) until it is {@code complete}; returns its data then. */
    static JsonNode awaitComplete(Api api, String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Api.Reply reply = api.get(path);
            String status = reply.status() == 200 ? reply.data().path("status").asString() : "unanswered " + reply.status();
            if (status.equals("complete")) {
                return reply.data();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " not complete after " + timeout + ": " + status);
            }
            Thread.sleep(100);
        }
    }

    /** A 400 in Kazoo's envelope naming the field and the rule it broke. */
    static void assertInvalid(Api.Reply reply, String field, String rule) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.data().path(field).path(rule).path("message").asString()).as(reply.body()).isNotBlank();
    }

    /** The item of a listing with this id. */
    static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.path("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not listed in " + list);
    }
}
