package io.batchworks.engine.support;

import io.batchworks.testapi.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.batchworks.engine.EmbeddedEngine;

import tools.jackson.databind.JsonNode;

/** Starts engines for tests: in this JVM, or as a real process that a test can kill. */
public final class Engines {

    private Engines() {
    }

    /** Command-line arguments common to every engine under test. */
    static List<String> args(TestDatabase db, Path work, int port, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--batchworks.home=" + Fixtures.root(),
                "--batchworks.data-dir=" + work.resolve("data"),
                "--batchworks.plugins-dir=" + Files.createDirectories(work.resolve("plugins")),
                "--batchworks.node=test@" + work.getFileName()));
        if (extra.stream().anyMatch(a -> a.startsWith("--batchworks.node="))) {
            args.remove(args.size() - 1); // the test names this node itself
        }
        args.addAll(db.args());
        args.addAll(extra);
        return args;
    }

    /**
     * An engine running in this JVM; one at a time: Quartz keeps a scheduler's data source in a JVM-wide registry under
     * the scheduler's name, so two engines at once would share one database there. Tests that run beside others use
     * {@link Forked}.
     */
    public static final class Embedded implements AutoCloseable {
        private final EmbeddedEngine engine;
        private final Api api;

        public Embedded(TestDatabase db, Path work, String... extra) throws IOException {
            engine = EmbeddedEngine.start(work, work.resolve("plugins"), args(db, work, 0, List.of(extra)));
            api = new Api(engine.baseUrl(), engine.adminToken());
        }

        public Api api() {
            return api;
        }

        public <T> T bean(Class<T> type) {
            return engine.bean(type);
        }

        public <T> T bean(String name, Class<T> type) {
            return engine.bean(name, type);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** The engine as its own process, started from the module's class path: {@code kill -9} is real. */
    public static final class Forked implements AutoCloseable {
        private final Process process;
        private final Api api;
        private final Path log;

        public Forked(TestDatabase db, Path work, String... extra) throws IOException, InterruptedException {
            this(ForkedLaunch.command(), db, work, extra);
        }

        /**
         * An engine whose JVM also gets {@code jvmOptions}, after the default ones so that they override them (e.g.
         * {@code -Xmx160m} for the heap, {@code -XX:TieredStopAtLevel=4} for an engine that runs long enough to use C2).
         */
        public static Forked withJvm(List<String> jvmOptions, TestDatabase db, Path work, String... extra)
                throws IOException, InterruptedException {
            List<String> java = new ArrayList<>(ForkedLaunch.command());
            java.addAll(java.indexOf("-cp"), jvmOptions);
            return new Forked(java, db, work, extra);
        }

        Forked(List<String> java, TestDatabase db, Path work, String... extra) throws IOException, InterruptedException {
            Process started;
            Path output;
            int port;
            int attempts = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do { // again on another port when another process bound this one while the engine started
                port = Ports.free();
                List<String> command = new ArrayList<>(java);
                command.addAll(args(db, work, port, List.of(extra)));
                output = work.resolve("engine-" + System.nanoTime() + ".log");
                started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            } while (!listening(started, output, port, deadline) && ++attempts < 3);
            process = started;
            log = output;
            Api anonymous = new Api("http://127.0.0.1:" + port, null);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("engine exited; see " + log + ":\n" + tail(log));
                }
                try {
                    if (anonymous.get("/v2/tasks").status() == 200 && Files.exists(work.resolve("data/admin-token"))) {
                        break;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("engine did not start in time; see " + log + ":\n" + tail(log));
                }
                Thread.sleep(200);
            }
            api = anonymous.as(Files.readString(work.resolve("data/admin-token")).strip());
        }

        public Api api() {
            return api;
        }

        /** The engine's output. */
        public Path log() {
            return log;
        }

        /** The engine's last lines of output, for a failing test's message. */
        public String logTail() {
            return tail(log);
        }

        /** SIGKILL: no shutdown hook, no last flush. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    kill();
                }
            }
        }

        /**
         * False when the engine exited because its port was taken; true once it listens, or when it failed otherwise
         * (the wait for its answer reports that).
         */
        private static boolean listening(Process process, Path log, int port, long deadline) throws IOException, InterruptedException {
            while (System.nanoTime() < deadline) {
                String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
                if (!process.isAlive()) {
                    return !output.contains("Port " + port + " was already in use");
                }
                if (output.contains("Tomcat started on port " + port)) {
                    return true;
                }
                Thread.sleep(200);
            }
            return true;
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log)";
            }
        }
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
    public static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * The partition steps of a task's runs that completed, by name ({@code partition:p0}, ...), from
     * {@code GET /v2/tasks/{id}/runs}: empty for a task that was not split.
     */
    public static Set<String> completedPartitions(Api api, String taskId) {
        Set<String> names = new TreeSet<>();
        api.get("/v2/tasks/" + taskId + "/runs").data().path("runs").forEach(run -> run.path("steps").forEach(step -> {
            if (step.path("name").asString().startsWith("partition:") && step.path("status").asString().equals("completed")) {
                names.add(step.path("name").asString());
            }
        }));
        return names;
    }
}
