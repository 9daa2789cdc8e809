package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.batchworks.testapi.Api;

/** Inputs and checks the task tests share. */
final class TaskChecks {

    private TaskChecks() {
    }

    /** A greetings CSV of {@code count} distinct names. */
    static String names(int count) {
        return IntStream.range(0, count).mapToObj(TaskChecks::name).collect(Collectors.joining("\n", "name\n", "\n"));
    }

    /** A name of letters (the greetings plugin's rows are names) that differs for each {@code i} under 17,576. */
    static String name(int i) {
        return "n" + (char) ('a' + i % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i / 676);
    }

    /** A 409 naming the task's status and the statuses the move is allowed from. */
    static void assertRefused(Api.Reply reply, String message, String status, String... allowedFrom) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().path("message").asString()).isEqualTo(message);
        assertThat(reply.data().path("status").asString()).isEqualTo(status);
        List<String> allowed = new ArrayList<>();
        reply.data().path("allowed_from").forEach(s -> allowed.add(s.asString()));
        assertThat(allowed).containsExactlyInAnyOrder(allowedFrom);
    }
}
