package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;

import tools.jackson.databind.JsonNode;

/**
 * The example plugin as a third party would ship it: built with the commands docs/plugins.md gives (its own Maven
 * project, against the installed plugin-api, its tests on the test kit), then dropped into a running engine
 * process, used through {@code /v2/tasks}, replaced by a new version and removed, without restarting the engine.
 */
@OnBothDatabases
@Execution(ExecutionMode.CONCURRENT) // a forked engine and the example's own build, processes that the test waits on: beside the other tests
class ExamplePluginTest {

    private static final Duration PICKED_UP = Duration.ofSeconds(20);
    private static final Path EXAMPLE = Fixtures.root().resolve("examples/blocklist");

    /** Built once per test run: version 1.0.0 (with its own tests) and 1.1.0. */
    private static List<Path> versions;

    @TempDir
    Path work;

    /** The database of this run of the class. */
    @Parameter
    TestDatabase.Kind kind;

    static synchronized List<Path> exampleJars() throws Exception {
        if (versions == null) {
            ExampleBuild.maven(EXAMPLE, "package");
            ExampleBuild.maven(EXAMPLE, "package", "-DskipTests", "-Drevision=1.1.0");
            versions = List.of(EXAMPLE.resolve("target/blocklist-plugin-1.0.0.jar"), EXAMPLE.resolve("target/blocklist-plugin-1.1.0.jar"));
        }
        return versions;
    }

    @Test
    void theExampleIsDroppedInUsedReplacedAndRemovedWhileTheEngineRuns() throws Exception {
        List<Path> jars = exampleJars();
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path dropped = plugins.resolve("blocklist.jar");
        try (TestDatabase db = kind.open();
             Engines.Forked engine = new Engines.Forked(db, work, "--batchworks.plugins-scan=250ms")) {
            Api api = engine.api();
            assertThat(help(api).has("blocklist")).isFalse();

            Files.copy(jars.get(0), dropped);
            Engines.await(PICKED_UP, "blocklist/import in the help", () -> help(api).path("blocklist").has("import"));
            assertThat(plugin(api).path("version").asString()).isEqualTo("1.0.0");

            String imported = run(api, "blocklist", "import", "number,reason\n+14155550100,fraud\nnot-a-number,spam\n+14155550101,Spam\n");
            JsonNode done = api.awaitEnd(imported, Duration.ofSeconds(60));
            assertThat(done.path("status").asString()).isEqualTo("partial");
            assertThat(done.path("success_count").asInt()).isEqualTo(2);
            assertThat(api.getCsv("/v2/tasks/" + imported + "?csv_name=out.csv").body()).contains("not-a-number", "number must be E.164");
            String account = done.path("account_id").asString();
            assertThat(api.get("/v2/accounts/" + account + "/blocklist/+14155550101").data().path("reason").asString()).isEqualTo("spam");

            Files.copy(jars.get(1), dropped, StandardCopyOption.REPLACE_EXISTING);
            Engines.await(PICKED_UP, "version 1.1.0 loaded", () -> plugin(api).path("version").asString().equals("1.1.0"));
            String exported = run(api, "blocklist", "export", null);
            assertThat(api.awaitEnd(exported, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("success");
            assertThat(api.getCsv("/v2/tasks/" + exported + "?csv_name=out.csv").body())
                    .isEqualTo("number,reason,expires\n+14155550100,fraud,\n+14155550101,spam,\n");

            Files.delete(dropped);
            Engines.await(PICKED_UP, "blocklist gone from the help", () -> !help(api).has("blocklist"));
            assertThat(api.get("/v2/accounts/" + account + "/blocklist/+14155550101").status()).isEqualTo(404);
            assertThat(api.get("/v2/tasks/" + imported).task().path("status").asString()).isEqualTo("partial");
            assertThat(api.getCsv("/v2/tasks/" + exported + "?csv_name=out.csv").body()).contains("+14155550100,fraud");
            assertThat(api.get("/v2/plugins").status()).isEqualTo(200);
        }
    }

    private static String run(Api api, String category, String action, String csv) {
        return api.createAndStart("category=" + category + "&action=" + action, csv);
    }

    private static JsonNode help(Api api) {
        return api.get("/v2/tasks").data().path("tasks");
    }

    private static JsonNode plugin(Api api) {
        for (JsonNode p : api.get("/v2/plugins").data().path("plugins")) {
            if (p.path("file").asString().equals("blocklist.jar")) {
                return p;
            }
        }
        return api.get("/v2/plugins").data().path("none");
    }
}
