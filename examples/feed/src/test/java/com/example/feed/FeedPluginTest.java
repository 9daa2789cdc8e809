package com.example.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;
import io.batchworks.testkit.TaskRun;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plugin in a real engine (HSQLDB in a temporary directory), reading a paginated API served by the test. */
class FeedPluginTest {

    @RegisterExtension
    static final PluginTestKit kit = PluginTestKit.forPlugin(FeedPlugin.class).setting("feed.import.chunk-size", "40");

    private static HttpServer api;

    /** Records 1 to 1,050, a page of {@code limit} after {@code cursor} (the last id of the page before); 700's name is bad. */
    @BeforeAll
    static void serve() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/records", exchange -> {
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            long after = Long.parseLong(query.getOrDefault("cursor", "0"));
            long last = Math.min(1_050, after + Integer.parseInt(query.get("limit")));
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (long id = after + 1; id <= last; id++) {
                body.append(id > after + 1 ? "," : "").append("{\"id\":").append(id).append(",\"name\":\"")
                        .append(id == 700 ? "Not Valid" : "item" + id).append("\",\"amount\":").append(id % 7 == 0 ? "null" : id + ".5").append('}');
            }
            body.append("],\"next\":").append(last == 1_050 ? "null" : "\"" + last + "\"").append('}');
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop(0);
    }

    @Test
    void everyRecordOfEveryPageIsARowAndABadOneIsReportedWithItsNumber() {
        TaskRun run = kit.runTask("feed", "import", null,
                Map.of("url", "http://127.0.0.1:" + api.getAddress().getPort() + "/records", "page_size", "64"));
        assertEquals("partial", run.status(), run.task().toString());
        assertEquals(1_049, run.successCount());
        assertEquals(1, run.failureCount());
        assertTrue(run.outputCsv().startsWith("id,name,amount,error,line\n"), run.outputCsv());
        assertTrue(run.outputCsv().contains("700,Not Valid,,name must be lower-case letters and digits,700"), run.outputCsv());
        assertEquals(1_049, kit.jdbc().queryForObject("SELECT COUNT(DISTINCT id) FROM feed_record WHERE task_id = ?", Integer.class, run.id()));
        assertEquals(1_049, kit.jdbc().queryForObject("SELECT COUNT(*) FROM feed_record WHERE task_id = ?", Integer.class, run.id()));
    }

    @Test
    void aTaskWithoutAUrlIsRefusedNamingIt() {
        Api.Reply refused = kit.request("PUT", "/v2/tasks?category=feed&action=import", "application/json", "{\"data\":{}}");
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().path("data").has("url"), refused.body());
    }
}
