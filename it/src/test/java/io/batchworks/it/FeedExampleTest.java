package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The second example, {@code examples/feed} (a task of records it reads itself from a paginated HTTP API, with a
 * checkpoint), built as a third party would and dropped into a running engine; its import killed with
 * {@code kill -9} mid-run against a test server and resumed by the next engine: every record of the server written
 * exactly once.
 */
@OnBothDatabases
class FeedExampleTest extends ForkedScenarios {

    private static final Path EXAMPLE = Fixtures.root().resolve("examples/feed");
    private static final int RECORDS = 6_000;
    private static Path jar;

    static synchronized Path exampleJar() throws Exception {
        if (jar == null) {
            ExampleBuild.maven(EXAMPLE, "package"); // with its own tests, as its author builds it
            jar = EXAMPLE.resolve("target/feed-plugin-1.0.0.jar");
        }
        return jar;
    }

    @Override
    protected void prepare(Path work) throws Exception {
        Files.createDirectories(work.resolve("plugins"));
    }

    @Test
    void anImportKilledMidRunResumesFromItsCheckpointAndWritesEveryRecordOnce() throws Exception {
        Path built = exampleJar();
        AtomicInteger pages = new AtomicInteger();
        HttpServer server = pagedServer(pages);
        String[] args = {"--batchworks.plugins-scan=250ms", "--feed.import.chunk-size=50"};
        try (TestDatabase db = database()) {
            String id;
            try (Engines.Forked first = new Engines.Forked(db, work, args)) {
                Api api = first.api();
                Files.copy(built, work.resolve("plugins/feed.jar"));
                Engines.await(Duration.ofSeconds(20), "feed/import in the help",
                        () -> api.get("/v2/tasks").data().path("tasks").path("feed").has("import"));
                id = api.createAndStart("category=feed&action=import&page_size=100&url=http://127.0.0.1:"
                        + server.getAddress().getPort() + "/records", (String) null);
                Engines.await(Duration.ofSeconds(60), "a third of the records written",
                        () -> api.get("/v2/tasks/" + id).task().path("success_count").asLong() >= RECORDS / 3);
                first.kill();
            }
            int pagesBefore = pages.get();

            try (Engines.Forked second = new Engines.Forked(db, work, args)) {
                long atKill = second.api().get("/v2/tasks/" + id).task().path("success_count").asLong();
                assertThat(atKill).as("killed mid-run, its committed chunks kept").isGreaterThanOrEqualTo(RECORDS / 3).isLessThan(RECORDS);
                JsonNode done = second.api().awaitEnd(id, Duration.ofSeconds(120));
                assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("success");
                assertThat(done.path("success_count").asLong()).isEqualTo(RECORDS);
            }
            long[] written = written(db, work, id);
            assertThat(written[0]).as("rows written").isEqualTo(RECORDS);
            assertThat(written[1]).as("distinct records written").isEqualTo(RECORDS);
            assertThat(pages.get() - pagesBefore).as("the resumed run asked for the pages from its checkpoint on, not from the first")
                    .isLessThan(RECORDS / 100);
        } finally {
            server.stop(0);
        }
    }

    /** Rows and distinct ids the task wrote, read once the engines are gone (an HSQLDB file is one process's). */
    private static long[] written(TestDatabase db, Path work, String task) throws Exception {
        try (Connection c = db.isPostgres() ? db.connect() : DriverManager.getConnection("jdbc:hsqldb:file:"
                + work.resolve("data/db/batchworks") + ";shutdown=true", "SA", "");
             ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT id) FROM feed_record WHERE task_id = '" + task + "'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Records 1 to {@value #RECORDS}, {@code limit} a page after the cursor (the last id before), each page a little slow. */
    private static HttpServer pagedServer(AtomicInteger pages) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/records", exchange -> {
            pages.incrementAndGet();
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            long after = Long.parseLong(query.getOrDefault("cursor", "0"));
            long last = Math.min(RECORDS, after + Integer.parseInt(query.get("limit")));
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (long id = after + 1; id <= last; id++) {
                body.append(id > after + 1 ? "," : "").append("{\"id\":").append(id).append(",\"name\":\"item").append(id)
                        .append("\",\"amount\":").append(id).append(".25}");
            }
            body.append("],\"next\":").append(last == RECORDS ? "null" : "\"" + last + "\"").append('}');
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }
}
