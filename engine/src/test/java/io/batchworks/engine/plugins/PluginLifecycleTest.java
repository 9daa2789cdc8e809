package io.batchworks.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.plugin.PluginApi;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Plugins come and go while the engine runs: JARs dropped in, replaced and removed; and the JARs the engine must
 * refuse (wrong plugin-api version, a task type another plugin declared, an initialiser that throws, engine
 * classes reached for) are listed with why while everything else keeps working.
 */
@OnBothDatabases
public class PluginLifecycleTest extends EngineScenarios {

    private static final Duration PICKED_UP = Duration.ofSeconds(15);

    private Path plugins;
    private Path staging;

    @Override
    protected String[] engineArgs() {
        // slow rows, small chunks: a task is still running when its plugin is replaced
        return new String[] {"--greetings.import.chunk-size=10", "--greetings.import.wait-after-row-ms=15",
                "--batchworks.plugins-scan=200ms"};
    }

    @Override
    protected void prepare(Path work) throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        staging = Files.createDirectories(work.resolve("staging"));
        TestPlugins.greet("1.0.0", "Hello").requires(">=99.0.0").buildTo(plugins.resolve("future.jar"));
        TestPlugins.declaring("dup", "crash", "rows").buildTo(plugins.resolve("zz-dup.jar"));
        TestPlugins.with("throwing", "public Faulty() { throw new IllegalStateException(\"no licence for this node\"); }")
                .buildTo(plugins.resolve("throwing.jar"));
        TestPlugins.with("staticinit", "static { if (true) throw new IllegalStateException(\"bad static state\"); }")
                .buildTo(plugins.resolve("static-init.jar"));
        TestPlugins.with("internals", "public Faulty() { System.out.println(io.batchworks.engine.BatchworksApplication.class); }")
                .buildTo(plugins.resolve("internals.jar"));
        TestPlugins.crashing().buildTo(plugins.resolve("crash.jar"));
    }

    @Test
    void refusedJarsAreListedWithWhyAndTheRestServes() {
        assertThat(plugin("future.jar").path("state").asString()).isEqualTo("failed");
        assertThat(plugin("future.jar").path("reason").asString()).contains("requires plugin-api >=99.0.0", "offers " + PluginApi.VERSION);
        assertThat(plugin("zz-dup.jar").path("reason").asString())
                .contains("task type crash/rows is already declared by plugin crash");
        assertThat(plugin("throwing.jar").path("reason").asString()).contains("no licence for this node");
        assertThat(plugin("static-init.jar").path("reason").asString()).contains("ExceptionInInitializerError", "bad static state");
        assertThat(plugin("internals.jar").path("reason").asString())
                .contains("NoClassDefFoundError", "io.batchworks.engine.BatchworksApplication", "a plugin sees only");
        for (String file : List.of("future.jar", "zz-dup.jar", "throwing.jar", "static-init.jar", "internals.jar")) {
            assertThat(plugin(file).path("task_types").isEmpty()).as(file).isTrue();
        }
        // the first declaration of crash/rows stands, and the engine works
        assertThat(plugin("crash.jar").path("state").asString()).isEqualTo("loaded");
        assertThat(help().path("crash").path("rows").path("description").asString()).isEqualTo("Fails on purpose");
        assertThat(help().has("dup")).isFalse();
    }

    @Test
    void aJobThatThrowsEndsItsTaskNotTheEngine() throws Exception {
        for (String what : List.of("boom", "error")) {
            String id = api.putCsv("/v2/tasks?category=crash&action=rows", "what\nfine\n" + what + "\n").task().path("id").asString();
            api.patch("/v2/tasks/" + id);
            assertThat(api.awaitEnd(id, Duration.ofSeconds(30)).path("status").asString()).as(what).isEqualTo("internal_error");
        }
        assertThat(api.get("/v2/tasks").status()).isEqualTo(200);
    }

    @Test
    void aJarDroppedInIsServedReplacedAndRemovedWhileTheEngineRuns() throws Exception {
        Path v1 = TestPlugins.greet("1.0.0", "Hello").buildTo(staging.resolve("greet-1.jar"));
        Path v2 = TestPlugins.greet("2.0.0", "Hi").buildTo(staging.resolve("greet-2.jar"));
        Path dropped = plugins.resolve("greet.jar");

        Files.copy(v1, dropped);
        Engines.await(PICKED_UP, "greetings/import in the help", () -> help().path("greetings").has("import"));
        assertThat(help().path("greetings").path("import").path("description").asString()).contains("greet 1.0.0");
        assertThat(api.get("/v2/greetings/Ann").json().path("greeting").asString()).isEqualTo("Hello, Ann");
        JsonNode docs = api.as(null).get("/v3/api-docs").json();
        JsonNode greeting = docs.path("paths").path("/v2/greetings/{name}").path("get");
        assertThat(greeting.path("tags").get(0).asString()).isEqualTo("plugin greet");
        assertThat(greeting.path("summary").asString()).as("what the plugin says of its route").isEqualTo("Greets someone");
        assertThat(greeting.path("parameters").toString()).contains("\"name\":\"style\"", "\"in\":\"query\"", "how warmly");
        assertThat(docs.path("paths").path("/v2/greetings-visible").path("get").path("summary").asString())
                .as("a route the plugin says nothing of").isEqualTo("GET /v2/greetings-visible");
        assertThat(docs.path("x-task-types").toString()).contains("\"category\":\"greetings\"", "\"action\":\"import\"");
        // the plugin sees plugin-api and its libraries, not the engine's other classes
        assertThat(visible("org.springframework.jdbc.core.JdbcTemplate")).isTrue();
        assertThat(visible("io.batchworks.plugin.TaskType")).isTrue();
        assertThat(visible("io.batchworks.engine.plugins.PluginCatalogue")).isFalse();
        assertThat(visible("org.hsqldb.jdbc.JDBCDriver")).isFalse();
        assertThat(visible("org.springframework.batch.core.job.Job")).isFalse();

        String small = run("name\nAnn\nBob\n4ever\n");
        JsonNode done = api.awaitEnd(small, Duration.ofSeconds(30));
        assertThat(done.path("status").asString()).isEqualTo("partial");
        assertThat(done.path("success_count").asInt()).isEqualTo(2);
        assertThat(greetings(small)).containsOnly("Hello, Ann", "Hello, Bob");

        // replaced (overwritten in place) while a long task runs: the task finishes on version 1, new work goes to 2
        String names = IntStream.range(0, 300).mapToObj(i -> "n" + letters(i)).collect(Collectors.joining("\n", "name\n", "\n"));
        String running = run(names);
        Engines.await(PICKED_UP, "the long task running", () -> api.get("/v2/tasks/" + running).task().path("success_count").asInt() > 0);
        Files.copy(v2, dropped, StandardCopyOption.REPLACE_EXISTING);
        Engines.await(PICKED_UP, "version 2 in the help", () -> help().path("greetings").path("import").path("description").asString().contains("2.0.0"));
        assertThat(api.get("/v2/tasks/" + running).task().path("status").asString()).isEqualTo("executing");
        assertThat(api.get("/v2/greetings/Ann").json().path("greeting").asString()).isEqualTo("Hi, Ann");
        String after = run("name\nCid\n");
        assertThat(api.awaitEnd(after, Duration.ofSeconds(30)).path("status").asString()).isEqualTo("success");
        assertThat(greetings(after)).containsExactly("Hi, Cid");
        JsonNode long1 = api.awaitEnd(running, Duration.ofSeconds(60));
        assertThat(long1.path("status").asString()).isEqualTo("success");
        assertThat(long1.path("success_count").asInt()).isEqualTo(300);
        assertThat(greetings(running)).hasSize(300).allMatch(g -> g.startsWith("Hello, "));
        assertThat(plugin("greet.jar").path("version").asString()).isEqualTo("2.0.0");

        // removed: its task types and routes go; its tasks keep their records and outputs
        Files.delete(dropped);
        Engines.await(PICKED_UP, "greetings gone from the help", () -> !help().has("greetings"));
        assertThat(api.get("/v2/greetings/Ann").status()).isEqualTo(404);
        assertThat(api.as(null).get("/v3/api-docs").json().path("paths").has("/v2/greetings/{name}")).as("gone from the API document").isFalse();
        assertThat(plugins().stream().noneMatch(p -> p.path("file").asString().equals("greet.jar"))).isTrue();
        JsonNode kept = api.get("/v2/tasks/" + small).task();
        assertThat(kept.path("status").asString()).isEqualTo("partial");
        assertThat(api.getCsv("/v2/tasks/" + small + "?csv_name=out.csv").body()).contains("4ever", "name must be letters");
        assertThat(api.putCsv("/v2/tasks?category=greetings&action=import", "name\nDee\n").status()).isBetween(400, 499);
    }

    @Test
    void aRemovedPluginLeavesNoThreadOrPeriodicWorkBehind() throws Exception {
        Path dropped = plugins.resolve("busy.jar");
        TestPlugins.busy("1.0.0").buildTo(staging.resolve("busy-1.jar"));
        TestPlugins.busy("2.0.0").buildTo(staging.resolve("busy-2.jar"));

        Files.copy(staging.resolve("busy-1.jar"), dropped);
        Engines.await(PICKED_UP, "busy.jar loaded", () -> plugins().stream().anyMatch(p -> p.path("file").asString().equals("busy.jar")));
        assertThat(plugin("busy.jar").path("state").asString()).isEqualTo("loaded");
        Engines.await(PICKED_UP, "version 1 beating", () -> beats("1.0.0") > 0);
        assertThat(threads()).contains("busy-own-1.0.0", "plugin-busy-tick-1.0.0-1");
        JsonNode schedules = api.get("/v2/schedules").data().path("schedules");
        JsonNode beat = null;
        for (JsonNode s : schedules) {
            if (s.path("name").asString().startsWith("busy.")) {
                beat = s;
            }
        }
        assertThat(beat).as("the busy plugin's periodic work in " + schedules).isNotNull();
        assertThat(beat.path("interval_ms").asLong()).isPositive();
        assertThat(beat.path("next_fire_time").asString()).isNotBlank();

        // replaced: the old version's threads stop (its own by its close(), the engine's by the engine); the beat goes on in version 2
        Files.copy(staging.resolve("busy-2.jar"), dropped, StandardCopyOption.REPLACE_EXISTING);
        Engines.await(PICKED_UP, "version 2 beating", () -> beats("2.0.0") > 0);
        Engines.await(PICKED_UP, "version 1's threads gone", () -> threads().stream().noneMatch(t -> t.contains("1.0.0")));
        assertThat(threads()).contains("busy-own-2.0.0", "plugin-busy-tick-2.0.0-1");
        assertStillAfterAWhile("1.0.0");

        // removed: no thread of its own, no periodic work left, nothing of it in the scheduler's store
        Files.delete(dropped);
        Engines.await(PICKED_UP, "busy.jar gone", () -> plugins().stream().noneMatch(p -> p.path("file").asString().equals("busy.jar")));
        Engines.await(PICKED_UP, "version 2's threads gone", () -> threads().stream().noneMatch(t -> t.contains("busy")));
        assertStillAfterAWhile("2.0.0");
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME LIKE 'busy.%'", Integer.class)).isZero();
        assertThat(api.get("/v2/schedules").data().path("schedules").toString()).doesNotContain("busy.");
    }

    /** No beat of {@code version} is written over a second (five periods). */
    private void assertStillAfterAWhile(String version) throws InterruptedException {
        Thread.sleep(300); // a beat already firing when the work was withdrawn may still land
        int before = beats(version);
        Thread.sleep(1000);
        assertThat(beats(version)).as("beats of " + version).isEqualTo(before);
    }

    private int beats(String version) {
        return jdbc().queryForObject("SELECT COUNT(*) FROM busy_beat WHERE version = ?", Integer.class, version);
    }

    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(engine.bean(DataSource.class));
    }

    @Test
    void aDuplicateDroppedInIsRefusedAndNamed() throws Exception {
        TestPlugins.declaring("exporter", "crash", "rows").buildTo(staging.resolve("exporter.jar"));
        Files.copy(staging.resolve("exporter.jar"), plugins.resolve("exporter.jar"));
        Engines.await(PICKED_UP, "exporter.jar refused", () -> plugins().stream().anyMatch(p -> p.path("file").asString().equals("exporter.jar")));
        assertThat(plugin("exporter.jar").path("state").asString()).isEqualTo("failed");
        assertThat(plugin("exporter.jar").path("reason").asString()).contains("task type crash/rows is already declared by plugin crash");
        assertThat(help().path("crash").path("rows").path("description").asString()).doesNotContain("declared by exporter");

        // a second JAR of an id already loaded is refused too
        TestPlugins.declaring("crash", "other", "thing").buildTo(staging.resolve("crash-copy.jar"));
        Files.copy(staging.resolve("crash-copy.jar"), plugins.resolve("crash-copy.jar"));
        Engines.await(PICKED_UP, "crash-copy.jar refused", () -> plugins().stream().anyMatch(p -> p.path("file").asString().equals("crash-copy.jar")));
        assertThat(plugin("crash-copy.jar").path("reason").asString()).contains("plugin id crash is already loaded from crash.jar");
        Files.delete(plugins.resolve("exporter.jar"));
        Files.delete(plugins.resolve("crash-copy.jar"));
        Engines.await(PICKED_UP, "refused JARs gone", () -> plugins().stream().noneMatch(p -> p.path("file").asString().matches("exporter.jar|crash-copy.jar")));
    }

    private String run(String csv) {
        return api.createAndStart("category=greetings&action=import", csv);
    }

    private List<String> greetings(String taskId) {
        return jdbc().queryForList("SELECT greeting FROM ex_greeting WHERE task_id = ?", String.class, taskId);
    }

    private boolean visible(String className) {
        return api.get("/v2/greetings-visible?class=" + className).json().path("visible").asBoolean();
    }

    private static String letters(int i) {
        return Integer.toString(i, 26).chars().mapToObj(c -> String.valueOf((char) ('a' + Character.digit(c, 26))))
                .collect(Collectors.joining());
    }

    private JsonNode help() {
        return api.get("/v2/tasks").data().path("tasks");
    }

    private List<JsonNode> plugins() {
        List<JsonNode> list = new java.util.ArrayList<>();
        api.get("/v2/plugins").data().path("plugins").forEach(list::add);
        return list;
    }

    private JsonNode plugin(String file) {
        return plugins().stream().filter(p -> p.path("file").asString().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not in /v2/plugins: " + plugins()));
    }

}
