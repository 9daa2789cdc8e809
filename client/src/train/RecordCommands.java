import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Records dist/bw.jsa, the class data sharing archive dist/bw starts with, in the JDK's documented two steps: the
 * classes that {@code bw --help}, {@code bw tasks} and {@code bw task ID} load are listed
 * ({@code -XX:DumpLoadedClassList}, one JVM each, as dist/bw runs them), then archived together
 * ({@code -Xshare:dump}). A command that maps the archive skips reading, parsing and checking those classes, which is
 * most of a short command's time. The two commands that call the engine call a small server of this program that
 * answers in the engine's envelopes, so that the classes of the HTTP client and of reading JSON are among them.
 *
 * <p>Run by the build in source-file mode ({@code java RecordCommands.java DIST}) once dist/bw.jar is in place.
 * Exits non-zero, with the command's output, when a command fails.
 */
public class RecordCommands {

    private static final String TASK = "{\"id\":\"train\",\"category\":\"rates\",\"action\":\"import\",\"status\":\"success\","
            + "\"success_count\":10,\"failure_count\":0,\"total_count\":10}";

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args[0]).toRealPath();
        Path jar = dist.resolve("bw.jar");
        Path archive = dist.resolve("bw.jsa");
        Files.deleteIfExists(archive);
        HttpServer engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/v2/token_auth", e -> answer(e, "{\"account_id\":\"train\",\"name\":\"train\"}"));
        engine.createContext("/v2/accounts/", e -> answer(e, "[" + TASK + "]"));
        engine.createContext("/v2/tasks/", e -> answer(e, "{\"_read_only\":" + TASK + "}"));
        engine.start();
        Path work = Files.createTempDirectory("bw-train");
        try {
            String url = "http://127.0.0.1:" + engine.getAddress().getPort();
            Set<String> classes = new LinkedHashSet<>();
            List<List<String>> commands = List.of(List.of("--help"), List.of("tasks"), List.of("task", "train"));
            for (int n = 0; n < commands.size(); n++) {
                Path list = work.resolve("classes-" + n);
                List<String> java = new ArrayList<>(List.of(java(), "-Xshare:off", "-XX:DumpLoadedClassList=" + list,
                        "-cp", jar.toString(), "io.batchworks.client.Bw"));
                java.addAll(commands.get(n));
                run(java, url, work.resolve("out-" + n));
                classes.addAll(Files.readAllLines(list));
            }
            Path all = work.resolve("classes");
            Files.write(all, classes);
            run(List.of(java(), "-Xshare:dump", "-XX:SharedClassListFile=" + all, "-XX:SharedArchiveFile=" + archive,
                    "-cp", jar.toString()), url, work.resolve("out-dump"));
        } finally {
            engine.stop(0);
        }
        System.out.printf("RecordCommands: %s, %d MB, %d classes%n", archive, Files.size(archive) >> 20,
                Files.readAllLines(work.resolve("classes")).size());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void answer(HttpExchange exchange, String data) throws IOException {
        byte[] body = ("{\"data\":" + data + ",\"status\":\"success\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void run(List<String> command, String url, Path output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("BW_URL", url);
        builder.environment().put("BW_TOKEN", "train");
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output));
        }
    }
}
