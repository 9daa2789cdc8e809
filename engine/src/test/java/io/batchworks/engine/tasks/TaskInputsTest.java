package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpServer;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A task's input as it may arrive: gzip (declared or recognised) equal to the plain upload in every count and in
 * {@code out.csv}, kept as it came and downloaded either way; a zip bomb and a body past the cap once decompressed
 * refused with 413, a body that is not whole gzip with 400, each leaving nothing; JSON lines; and an input fetched
 * from {@code input_url} on a test server: allowed, refused by the allow-list, cut half-way (no task).
 */
@OnBothDatabases
class TaskInputsTest extends EngineScenarios {

    private static final String TASKS = "/v2/tasks?category=greetings&action=import";

    private HttpServer source;
    private String sourceBase;

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--batchworks.max-upload-size=8MB", "--batchworks.inputs.allowed-hosts=127.0.0.1",
            "--batchworks.inputs.max-expansion=20",
            "--batchworks.inputs.read-timeout=5s"};
    }

    @BeforeEach
    void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.start();
        sourceBase = "http://127.0.0.1:" + source.getAddress().getPort();
    }

    @AfterEach
    void stopSource() {
        source.stop(0);
    }

    @Test
    void aGzipUploadIsThePlainOneKeptCompressedAndDownloadedEitherWay() throws Exception {
        String csv = names(3_000, 1);
        byte[] gz = gzip(csv);
        JsonNode plain = api.run(api.putCsv(TASKS, csv), Duration.ofSeconds(60));
        JsonNode declared = api.run(api.with("Content-Encoding", "gzip").put(TASKS, "text/csv", HttpRequest.BodyPublishers.ofByteArray(gz)),
                Duration.ofSeconds(60));
        JsonNode recognised = api.run(api.put(TASKS, "text/csv", HttpRequest.BodyPublishers.ofByteArray(gz)), Duration.ofSeconds(60));
        String plainOut = api.getCsv("/v2/tasks/" + plain.path("id").asString() + "?csv_name=out.csv").body();
        assertThat(plainOut.lines().count()).as("the rows with digits failed").isGreaterThan(10);
        for (JsonNode task : new JsonNode[] {declared, recognised}) {
            for (String count : new String[] {"status", "total_count", "success_count", "failure_count"}) {
                assertThat(task.path(count).asString()).as(count).isEqualTo(plain.path(count).asString());
            }
            String id = task.path("id").asString();
            assertThat(api.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body()).isEqualTo(plainOut);
            assertThat(download(id, "in.csv", false)).as("in.csv, plain to a client that takes no gzip").isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
            assertThat(download(id, "in.csv", true)).as("in.csv as it was kept").isEqualTo(gz);
            assertThat(gunzip(download(id, "out.csv", true))).isEqualTo(plainOut.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aZipBombAndABodyPastTheCapAreRefusedAndLeaveNothing() throws Exception {
        int tasksBefore = tasks();
        long filesBefore = taskDirs();
        Api.Reply bomb = api.with("Content-Encoding", "gzip").put(TASKS, "text/csv",
                HttpRequest.BodyPublishers.ofByteArray(gzip("name\n" + "a\n".repeat(3_000_000))));
        assertThat(bomb.status()).as(bomb.body()).isEqualTo(413);
        assertThat(bomb.json().path("data").path("setting").asString()).isEqualTo("batchworks.inputs.max-expansion");

        Api.Reply big = api.put(TASKS, "text/csv", HttpRequest.BodyPublishers.ofByteArray(gzip(names(1_200_000, 2))));
        assertThat(big.status()).as(big.body()).isEqualTo(413);
        assertThat(big.json().path("data").path("setting").asString()).isEqualTo("batchworks.max-upload-size");

        Api.Reply notGzip = api.with("Content-Encoding", "gzip").put(TASKS, "text/csv", HttpRequest.BodyPublishers.ofString("name\nann\n"));
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.json().path("data").has("content_encoding")).isTrue();
        byte[] whole = gzip(names(1_000, 3));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThat(api.put(TASKS, "text/csv", HttpRequest.BodyPublishers.ofByteArray(cut)).status()).isEqualTo(400);

        assertThat(tasks()).as("no task left").isEqualTo(tasksBefore);
        assertThat(taskDirs()).as("no files left").isEqualTo(filesBefore);
    }

    @Test
    void aPlainUploadIsCheckedAsItArrivesAndAMalformedOneRefusedAtItsFirstBadLine() throws Exception {
        int tasksBefore = tasks();
        long filesBefore = taskDirs();
        // the bad line comes first, megabytes before the body ends: the 400 comes at once and still reaches the client
        String malformed = "name\nann\nbob,extra\n" + names(300_000, 4).substring("name\n".length());
        Api.Reply bad = api.putCsv(TASKS, malformed);
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("line 3 has 2 cells, the header 1");

        Api.Reply noHeader = api.putCsv(TASKS, "other\nann\n");
        assertThat(noHeader.status()).isEqualTo(400);
        assertThat(noHeader.json().path("data").path("missing_mandatory_fields").toString()).contains("name");
        Api.Reply empty = api.putCsv(TASKS, "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("data").has("expected_content")).as(empty.body()).isTrue();
        assertThat(tasks()).as("no task left").isEqualTo(tasksBefore);
        assertThat(taskDirs()).as("no files left").isEqualTo(filesBefore);

        String csv = names(20_000, 5);
        JsonNode task = api.run(api.putCsv(TASKS, csv), Duration.ofSeconds(60));
        assertThat(task.path("total_count").asLong()).isEqualTo(20_000);
        assertThat(download(task.path("id").asString(), "in.csv", false)).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonLinesAreRowsPlainOrGzip() throws Exception {
        String lines = "{\"name\":\"ann\"}\n{\"name\":\"bob\",\"note\":{\"a\":1}}\n\n{\"name\":\"c3po\"}\n";
        JsonNode task = api.run(api.put(TASKS, "application/x-ndjson", HttpRequest.BodyPublishers.ofString(lines)), Duration.ofSeconds(60));
        assertThat(task.path("status").asString()).isEqualTo("partial");
        assertThat(task.path("success_count").asInt()).isEqualTo(2);
        assertThat(task.path("failure_count").asInt()).isEqualTo(1);
        assertThat(new String(download(task.path("id").asString(), "in.csv", false), StandardCharsets.UTF_8))
                .isEqualTo("name,note\nann,\nbob,\"{\"\"a\"\":1}\"\nc3po,\n");
        JsonNode gz = api.run(api.put(TASKS, "application/x-ndjson", HttpRequest.BodyPublishers.ofByteArray(gzip(lines))),
                Duration.ofSeconds(60));
        assertThat(gz.path("success_count").asInt()).isEqualTo(2);

        Api.Reply notObject = api.put(TASKS, "application/x-ndjson", HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\"}\n[1,2]\n"));
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(notObject.body()).contains("ndjson", "line 2 is not a JSON object");
    }

    @Test
    void anInputFetchedFromAnAllowedHostIsImportedAndACutFetchLeavesNoTask() throws Exception {
        String csv = names(2_000, 4);
        serve("/deck.csv", csv.getBytes(StandardCharsets.UTF_8), null, -1);
        serve("/deck.csv.gz", gzip(csv), null, -1);
        serve("/encoded", gzip(csv), "gzip", -1);
        serve("/cut", csv.getBytes(StandardCharsets.UTF_8), null, csv.length() / 2);
        source.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/deck.csv");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        JsonNode uploaded = api.run(api.putCsv(TASKS, csv), Duration.ofSeconds(60));
        for (String path : new String[] {"/deck.csv", "/deck.csv.gz", "/encoded", "/moved"}) {
            Api.Reply created = api.put(TASKS + "&input_url=" + sourceBase + path);
            assertThat(created.status()).as(path + ": " + created.body()).isEqualTo(201);
            assertThat(created.task().path("file_name").asString()).as(path).isNotBlank();
            JsonNode fetched = api.run(created, Duration.ofSeconds(60));
            assertThat(fetched.path("success_count").asInt()).as(path).isEqualTo(uploaded.path("success_count").asInt());
            assertThat(fetched.path("failure_count").asInt()).as(path).isEqualTo(uploaded.path("failure_count").asInt());
            assertThat(download(fetched.path("id").asString(), "in.csv", false)).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
        }

        int before = tasks();
        Api.Reply cut = api.put(TASKS + "&input_url=" + sourceBase + "/cut");
        assertThat(cut.status()).as(cut.body()).isEqualTo(502);
        assertThat(cut.json().path("data").has("input_url")).isTrue();
        Api.Reply missing = api.put(TASKS + "&input_url=" + sourceBase + "/missing");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("answered HTTP 404");
        Api.Reply notAllowed = api.put(TASKS + "&input_url=http://localhost:" + source.getAddress().getPort() + "/deck.csv");
        assertThat(notAllowed.status()).isEqualTo(400);
        assertThat(notAllowed.json().path("data").path("input_url").path("setting").asString()).isEqualTo("batchworks.inputs.allowed-hosts");
        assertThat(api.put(TASKS + "&input_url=ftp://127.0.0.1/deck.csv").status()).isEqualTo(400);
        Api.Reply notAUrl = api.put(TASKS + "&input_url=not%20a%20url");
        assertThat(notAUrl.status()).as(notAUrl.body()).isEqualTo(400);
        assertThat(notAUrl.json().path("data").has("input_url")).isTrue();
        assertThat(tasks()).as("no task left").isEqualTo(before);
    }

    @Test
    void aScheduleNamingAnInputUrlFetchesItAtEachFire() throws Exception {
        String csv = names(500, 5);
        serve("/daily.csv", csv.getBytes(StandardCharsets.UTF_8), null, -1);
        String schedules = "/v2/accounts/" + master + "/task_schedules";
        Api.Reply refused = api.putJson(schedules, java.util.Map.of("data", java.util.Map.of("category", "greetings", "action", "import",
                "every", "1h", "params", java.util.Map.of("input_url", "http://192.0.2.1/daily.csv"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("data").path("input_url").path("setting").asString()).isEqualTo("batchworks.inputs.allowed-hosts");

        Api.Reply created = api.putJson(schedules, java.util.Map.of("data", java.util.Map.of("category", "greetings", "action", "import",
                "every", "2s", "params", java.util.Map.of("input_url", sourceBase + "/daily.csv"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.data().path("id").asString();
        try {
            io.batchworks.engine.support.Engines.await(Duration.ofSeconds(60), "a fire's task",
                    () -> api.get(schedules + "/" + id).data().path("last_task").has("id"));
            String task = api.get(schedules + "/" + id).data().path("last_task").path("id").asString();
            JsonNode ended = api.awaitEnd(task, Duration.ofSeconds(60));
            assertThat(ended.path("total_count").asInt()).isEqualTo(500);
            assertThat(download(task, "in.csv", false)).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
        } finally {
            api.patch(schedules + "/" + id, "{\"data\":{\"enabled\":false}}");
        }
    }

    /** Serves {@code body}; {@code cutAt} ≥ 0 declares the whole length but closes the connection after that many bytes. */
    private void serve(String path, byte[] body, String encoding, int cutAt) {
        source.createContext(path, exchange -> {
            if (encoding != null) {
                exchange.getResponseHeaders().add("Content-Encoding", encoding);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, cutAt < 0 ? body.length : cutAt);
                out.flush();
            } catch (IOException cut) {
                // closed before its declared length: the server closes the connection mid-body
            }
        });
    }

    /** Names, one a line after the header; every 97th has a digit, which the greeting task refuses. */
    private static String names(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("name\n");
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < 6; c++) {
                csv.append((char) ('a' + random.nextInt(26)));
            }
            csv.append(i % 97 == 0 ? "7" : "").append('\n');
        }
        return csv.toString();
    }

    private byte[] download(String id, String name, boolean gzip) throws IOException {
        Path file = work.resolve("download-" + id + "-" + name + (gzip ? ".gz" : ""));
        Api client = gzip ? api.with("Accept-Encoding", "gzip") : api;
        assertThat(client.download("/v2/tasks/" + id + "?csv_name=" + name, file)).isEqualTo(200);
        return Files.readAllBytes(file);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private int tasks() {
        return api.get("/v2/accounts/" + master + "/tasks?page_size=1000").data().size();
    }

    private long taskDirs() throws IOException {
        Path dir = work.resolve("data/tasks");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.count();
        }
    }
}
