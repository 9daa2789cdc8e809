package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;

import tools.jackson.databind.JsonNode;

/**
 * Fifty clients at once, released together: ten import a ratedeck each (with bad rows), thirty add numbers in small
 * tasks, one runs a number job through the resources API, and the rest import call usage that the rating cycle
 * rates meanwhile. Every task ends with its exact counts, the number job adds every number once, every call is rated
 * once, nothing deadlocks, and no task is left failed by a write conflict (on HSQLDB one is retried, not failed).
 */
final class ConcurrencyChecks {

    private final Api api;
    private final String master;

    ConcurrencyChecks(Api api, String master) {
        this.api = api;
        this.master = master;
    }

    private static final int CLIENTS = 50;
    private static final int DECKS = 10;
    private static final int DECK_ROWS = 2_000;
    private static final int BAD_EVERY = 100;
    private static final int NUMBER_TASKS = 30;
    private static final int JOB_NUMBERS = 1_000;
    private static final int CALLS_PER_CLIENT = 500;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);



    void fiftyClientsAtOnceAllFinishWithExactCounts() throws Exception {
        String scope = api.createAccount(master, Map.of("name", "usage scope"));
        importAndAwait("/v2/tasks?category=rates&action=import", "prefix,rate_cost\n1,0.6\n");
        String resource = api.put("/v2/resources", "{\"data\":{\"name\":\"R\",\"gateways\":[]}}").data().path("id").asString();
        int usageClients = CLIENTS - DECKS - NUMBER_TASKS - 1;
        long hour = Instant.now().getEpochSecond() / 3600 * 3600 - 6 * 3600;

        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Runnable>> clients = new ArrayList<>();
        for (int i = 0; i < DECKS; i++) {
            String csv = deck(i);
            String path = "/v2/tasks?category=rates&action=import&ratedeck_id=deck" + i;
            clients.add(() -> {
                go.await();
                String id = createAndStart(path, csv);
                return () -> assertCounts(id, "partial", DECK_ROWS - DECK_ROWS / BAD_EVERY, DECK_ROWS / BAD_EVERY);
            });
        }
        for (int i = 0; i < NUMBER_TASKS; i++) {
            StringBuilder csv = new StringBuilder("number\n");
            for (int n = 0; n < 10; n++) {
                csv.append("+1415").append(5_000_000 + i * 100 + n).append('\n');
            }
            clients.add(() -> {
                go.await();
                String id = createAndStart("/v2/tasks?category=numbers&action=add", csv.toString());
                return () -> assertThat(ended(id).path("status").asString()).as("numbers/add " + id).isIn("success", "partial", "failure");
            });
        }
        clients.add(() -> {
            go.await();
            List<String> numbers = new ArrayList<>();
            for (int n = 0; n < JOB_NUMBERS; n++) {
                numbers.add("+1" + (7_000_000_000L + n));
            }
            Api.Reply job = api.putJson("/v2/resources/jobs", Map.of("data", Map.of("numbers", numbers, "resource_id", resource)));
            assertThat(job.status()).as(job.body()).isEqualTo(202);
            String id = job.data().path("id").asString();
            return () -> assertCounts(id, "success", JOB_NUMBERS, 0);
        });
        for (int c = 0; c < usageClients; c++) {
            StringBuilder calls = new StringBuilder("scope_id,timestamp,number,direction,duration_s,call_id\n");
            for (int i = 0; i < CALLS_PER_CLIENT; i++) {
                calls.append(scope).append(',').append(ISO.format(Instant.ofEpochSecond(hour + (i % 5) * 3600L + i))).append(",+1415555")
                        .append(1000 + i % 900).append(",outbound,").append(60 + i % 300).append(",c").append(c).append('-').append(i).append('\n');
            }
            clients.add(() -> {
                go.await();
                String id = createAndStart("/v2/tasks?category=usage&action=import", calls.toString());
                return () -> assertCounts(id, "success", CALLS_PER_CLIENT, 0);
            });
        }
        assertThat(clients).hasSize(CLIENTS);

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Runnable>> started = new ArrayList<>();
        for (Callable<Runnable> client : clients) {
            started.add(pool.submit(client));
        }
        go.countDown();
        for (Future<Runnable> client : started) {
            client.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).run();
        }
        pool.shutdown();

        int calls = usageClients * CALLS_PER_CLIENT;
        Engines.await(TIMEOUT, "every call rated", () -> ratedCalls(scope) == calls);
        assertThat(api.get("/v2/accounts/" + master + "/tasks?status=internal_error").json().path("data")).as("no task failed").isEmpty();
        assertThat(api.get("/v2/accounts/" + scope + "/tasks?status=internal_error").json().path("data")).as("no rating failed").isEmpty();
    }

    /** A deck of its own prefixes, a bad row every {@link #BAD_EVERY}. */
    private static String deck(int n) {
        StringBuilder csv = new StringBuilder("prefix,rate_cost\n");
        for (int r = 1; r <= DECK_ROWS; r++) {
            csv.append(r % BAD_EVERY == 0 ? "not-a-prefix" : Integer.toString(20_000 + r)).append(",0.").append(n).append('\n');
        }
        return csv.toString();
    }

    private String createAndStart(String path, String csv) {
        return api.start(api.putCsv(path, csv));
    }

    private void importAndAwait(String path, String csv) throws InterruptedException {
        assertThat(api.awaitEnd(createAndStart(path, csv), TIMEOUT).path("status").asString()).isEqualTo("success");
    }

    private void assertCounts(String id, String status, long success, long failure) {
        JsonNode task = ended(id);
        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo(status);
        assertThat(task.path("success_count").asLong()).as(task.toString()).isEqualTo(success);
        assertThat(task.path("failure_count").asLong()).as(task.toString()).isEqualTo(failure);
    }

    /** How many of the scope's calls are rated: the rows of a usage export. */
    private long ratedCalls(String scope) {
        return ended(createAndStart("/v2/tasks?category=usage&action=export&scope_id=" + scope, "")).path("success_count").asLong();
    }

    private JsonNode ended(String id) {
        return api.awaitEnd(id, TIMEOUT);
    }
}
