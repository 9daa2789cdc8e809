package io.batchworks.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.RawHttp;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnHsqldb;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * 500 clients send an upload's body one byte a second and 500 more hold idle keep-alive connections: health, the tasks
 * API and a plugin's route still answer at once, the slow uploads are refused (503 past the slots for bodies, 408 once
 * their pace is below the minimum) and leave no task.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
@OnHsqldb // what it holds to is the web server's (threads, slots, pace); a refused upload leaves no task on either database
public class SlowClientsTest extends ForkedScenarios {

    private static final int SLOW = 500;
    private static final int IDLE = 500;
    /** Past the grace, for every slow upload that has a slot to be refused for its pace. */
    private static final long HELD_MS = 9_000;
    /** Far above an answer's usual time on a loaded machine, far below a client's time-out. */
    private static final long PROMPT_MS = 2_000;

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void slowUploadsAndIdleConnectionsLeaveTheEngineAnswering() throws Exception {
        try (TestDatabase db = database(); Engines.Forked engine = new Engines.Forked(db, work, "--batchworks.bodies.grace=3s")) {
            Api api = engine.api();
            int port = URI.create(api.base()).getPort();
            List<Socket> slow = new ArrayList<>();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW; i++) {
                    Socket s = RawHttp.connect(port);
                    s.getOutputStream().write(("PUT /v2/tasks?category=greetings&action=import HTTP/1.1\r\nHost: localhost\r\n"
                            + "X-Auth-Token: " + api.token() + "\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\nname\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                for (int i = 0; i < IDLE; i++) {
                    Socket s = RawHttp.connect(port);
                    s.getOutputStream().write("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    idle.add(s);
                }
                for (Socket s : idle) {
                    assertThat(RawHttp.statusOf(s)).as("a keep-alive connection's first answer").isEqualTo(200);
                }

                List<Long> took = new ArrayList<>();
                Map<Socket, Integer> answered = new HashMap<>();
                long until = System.currentTimeMillis() + HELD_MS;
                while (System.currentTimeMillis() < until) {
                    for (Socket s : slow) {
                        if (!answered.containsKey(s) && s.getInputStream().available() > 0) {
                            answered.put(s, RawHttp.statusOf(s)); // refused: read before a byte more makes the engine reset it
                        } else if (!answered.containsKey(s)) {
                            s.getOutputStream().write('a');
                        }
                    }
                    for (String path : List.of("/actuator/health", "/v2/tasks", "/v2/greetings/you")) {
                        long start = System.nanoTime();
                        Api.Reply reply = api.get(path);
                        took.add((System.nanoTime() - start) / 1_000_000);
                        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
                    }
                    Thread.sleep(1_000);
                }
                Collections.sort(took);
                System.out.printf("SlowClients (" + getClass().getSimpleName() + "): %d answers beside %d slow uploads and %d idle connections: p50 %d ms, max %d ms%n",
                        took.size(), SLOW, IDLE, took.get(took.size() / 2), took.get(took.size() - 1));
                assertThat(took.get(took.size() - 1)).as("the slowest answer, ms").isLessThan(PROMPT_MS);

                Map<Integer, Integer> refused = new TreeMap<>();
                for (Socket s : slow) {
                    refused.merge(answered.containsKey(s) ? answered.get(s) : RawHttp.statusOf(s), 1, Integer::sum);
                }
                System.out.println("SlowClients (" + getClass().getSimpleName() + "): the slow uploads' answers " + refused);
                assertThat(refused.keySet()).as("each slow upload refused: 503 beyond the slots, 408 too slow").containsOnly(408, 503);
                assertThat(refused.get(408)).as("refused for their pace: those that had a slot").isEqualTo(64);
                Api.Reply tasks = api.get("/v2/accounts/" + api.get("/v2/token_auth").data().path("account_id").asString() + "/tasks");
                assertThat(tasks.json().path("data").size()).as("no task left by them: " + tasks.body()).isZero();
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }
}
