import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records dist/app/batchworks.jsa, the class data sharing archive dist/batchworks starts with: one start of the
 * extracted engine with the bundled plugins, on a fresh data folder, and the requests a user makes first, then a normal
 * stop (SIGTERM), at which the JVM writes every class it loaded into the archive. A start that maps the archive skips
 * reading, parsing and checking those classes: the engine's, its libraries', the plugins' (the JVM archives classes of
 * the plugins' own class loaders too, matched by their bytes) and those the first request loads. The start is
 * dist/batchworks's own (from the Spring AOT classes, with the {@code java} it finds), so the archive fits that.
 *
 * <p>Run by the build in source-file mode ({@code java RecordStart.java DIST WORK}) once dist/batchworks is in place.
 * Exits non-zero, with the engine's log, when the engine does not start or stop.
 */
public class RecordStart {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Path.of(args[1]).toAbsolutePath().normalize();
        Path archive = dist.resolve("app/batchworks.jsa");
        Files.deleteIfExists(archive);
        Files.createDirectories(work);
        Path log = work.resolve("engine.log");
        int port = freePort();
        long began = System.nanoTime();
        // started by the launcher itself, so the recorded start is the launcher's (its JVM, its options); with no
        // archive yet it maps none, and JAVA_OPTS asks its JVM to write one at exit
        ProcessBuilder start = new ProcessBuilder(dist.resolve("batchworks").toString(), "--server.port=" + port,
                "--server.address=127.0.0.1", "--batchworks.data-dir=" + work.resolve("data"), "--logging.level.root=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        start.environment().put("JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive + " -Xlog:cds=off -Xlog:cds+dynamic=off");
        Process engine = start.start();
        try {
            firstRequests("http://127.0.0.1:" + port, work.resolve("data/admin-token"), engine, log);
        } finally {
            engine.destroy();
            if (!engine.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                engine.destroyForcibly();
                fail("the engine did not stop", log);
            }
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            fail("the engine stopped without writing " + archive, log);
        }
        System.out.printf("RecordStart: %s, %d MB, in %.1f s%n", archive, Files.size(archive) >> 20,
                (System.nanoTime() - began) / 1e9);
    }

    /** Waits for the first answer, then asks what a user's first calls ask, with the token the first start wrote. */
    private static void firstRequests(String url, Path tokenFile, Process engine, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!answers(http, url + "/v2/tasks") || !Files.exists(tokenFile)) {
            if (!engine.isAlive()) {
                fail("the engine exited", log);
            }
            if (System.nanoTime() > deadline) {
                fail("the engine did not answer within " + LIMIT, log);
            }
            Thread.sleep(100);
        }
        String token = Files.readString(tokenFile).trim();
        for (String path : List.of("/v2/tasks", "/v2/plugins", "/v2/tasks/unknown", "/console/")) {
            check(http.send(HttpRequest.newBuilder(URI.create(url + path)).header("X-Auth-Token", token).build(),
                    HttpResponse.BodyHandlers.ofString()), log);
        }
        check(http.send(HttpRequest.newBuilder(URI.create(url + "/v2/tasks?category=rates&action=import"))
                .header("X-Auth-Token", token).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString("prefix,cost\n1,0.01\n")).build(),
                HttpResponse.BodyHandlers.ofString()), log);
    }

    private static boolean answers(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A request the engine fails on (5xx) would record an error path instead of the user's: the build stops. */
    private static void check(HttpResponse<String> reply, Path log) throws IOException {
        if (reply.statusCode() >= 500) {
            fail(reply.request().method() + " " + reply.uri() + " answered " + reply.statusCode() + ": " + reply.body(), log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void fail(String why, Path log) throws IOException {
        System.err.println("RecordStart: " + why + "; the engine's log (" + log + "):");
        System.err.println(Files.exists(log) ? Files.readString(log) : "(none)");
        System.exit(1);
    }
}
