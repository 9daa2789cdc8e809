package io.batchworks.testkit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.batchworks.engine.EmbeddedEngine;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Runs a plugin's task types in a JUnit 5 test against a real engine started in the test's JVM: the plugin is
 * packed into a JAR and loaded from a plugins directory exactly as in production (its own class loader, its
 * migrations), and tasks go through the engine's REST API ({@code PUT /v2/tasks}, {@code PATCH} to start, the
 * task's {@code out.csv}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PluginTestKit kit = PluginTestKit.forPlugin(BlocklistPlugin.class);
 *
 * @Test
 * void badRowsAreReportedAndGoodOnesWritten() {
 *     TaskRun run = kit.runTask("blocklist", "import", "number,reason\n+14155550100,fraud\nnot-a-number,spam\n");
 *     assertEquals("partial", run.status());
 *     assertTrue(run.outputCsv().contains("not-a-number"));
 * }
 * }</pre>
 *
 * The engine runs on HSQLDB in a temporary directory unless {@link #database} says otherwise; one engine serves
 * every test of the class (register the kit in a {@code static} field).
 */
public final class PluginTestKit implements BeforeAllCallback, AfterAllCallback {

    private final Class<?> pluginClass;
    private String pluginId;
    private final List<Path> otherPlugins = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Duration timeout = Duration.ofMinutes(5);
    private Path home;
    private EmbeddedEngine engine;

    private PluginTestKit(Class<?> pluginClass) {
        this.pluginClass = pluginClass;
    }

    /**
     * A kit for the plugin whose {@code BatchworksPlugin} implementation is {@code pluginClass}; the plugin is taken
     * from wherever that class was loaded: the project's compiled classes (packed into a JAR with a test manifest),
     * or its built JAR as is.
     */
    public static PluginTestKit forPlugin(Class<?> pluginClass) {
        return new PluginTestKit(pluginClass);
    }

    /** The {@code Plugin-Id} of a plugin packed from classes; by default the class's simple name, lower-case, without "Plugin". */
    public PluginTestKit pluginId(String id) {
        this.pluginId = id;
        return this;
    }

    /** An engine or jobs-config setting, e.g. {@code ("blocklist.import.chunk-size", "2")}. */
    public PluginTestKit setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Another plugin JAR to load beside the tested one, e.g. one offering a service it uses. */
    public PluginTestKit withPluginJar(Path jar) {
        otherPlugins.add(jar);
        return this;
    }

    /** Runs the engine on this database instead of HSQLDB, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}. */
    public PluginTestKit database(String jdbcUrl, String user, String password) {
        return setting("spring.datasource.url", jdbcUrl).setting("spring.datasource.username", user)
                .setting("spring.datasource.password", password);
    }

    /** How long {@link #runTask} waits for a task to end; 5 minutes unless said otherwise. */
    public PluginTestKit timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * Puts a plugin into a plugins directory as the engine loads it, for tests that start engines of their own:
     * the JAR {@code pluginClass} was loaded from as it is (a built plugin, shaded libraries and manifest included),
     * or the compiled classes around it packed into a JAR with a test manifest (id: the class's simple name,
     * lower-case, without "Plugin"). The shared API JARs on the test's class path (those holding
     * {@code META-INF/batchworks-shared-api.properties}, such as the rates plugin's {@code rates-api}) go into the
     * directory's {@code api/} folder, as they do in a distribution.
     *
     * @param pluginsDir created if need be
     * @return the JAR in {@code pluginsDir}
     */
    public static Path pack(Class<?> pluginClass, Path pluginsDir) throws IOException {
        try {
            PluginPacker.sharedApis(Files.createDirectories(pluginsDir));
            return PluginPacker.pack(pluginClass, null, pluginsDir);
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell where " + pluginClass + " was loaded from", e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("batchworks-testkit");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        PluginPacker.sharedApis(plugins);
        PluginPacker.pack(pluginClass, pluginId, plugins);
        for (Path jar : otherPlugins) {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        List<String> args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).collect(Collectors.toList());
        engine = EmbeddedEngine.start(home, plugins, args);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (home != null) {
            try (Stream<Path> all = Files.walk(home)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Creates a task of the type with {@code csv} as its input, runs it to its end and returns the outcome. */
    public TaskRun runTask(String category, String action, String csv) {
        return runTask(category, action, csv, Map.of());
    }

    /**
     * Like {@link #runTask(String, String, String)}, with the task's parameters (query parameters of the create
     * request, e.g. {@code ratedeck_id}); {@code csv} is {@code null} for a task that takes no input, e.g. an export.
     */
    public TaskRun runTask(String category, String action, String csv, Map<String, String> params) {
        StringBuilder query = new StringBuilder("category=").append(encode(category)).append("&action=").append(encode(action));
        params.forEach((k, v) -> query.append('&').append(encode(k)).append('=').append(encode(v)));
        Api api = api();
        JsonNode task = api.run(query.toString(), csv, timeout);
        String id = task.path("id").asString();
        Api.Reply out = api.getCsv("/v2/tasks/" + id + "?csv_name=out.csv");
        return new TaskRun(id, task.path("status").asString(), task.path("success_count").asLong(),
                task.path("failure_count").asLong(), out.status() == 200 ? out.body() : "", task);
    }

    /** A request to the engine as its super admin; {@code body} may be {@code null}. For the plugin's own routes. */
    public Api.Reply request(String method, String path, String contentType, String body) {
        return api().send(method, path, contentType, body);
    }

    /** {@code GET} as the super admin. */
    public Api.Reply get(String path) {
        return api().get(path);
    }

    /** The engine's API as its super admin, for whatever a test asks beyond the kit's own calls. */
    public Api api() {
        return new Api(baseUrl(), adminToken());
    }

    /** The engine's database, to check what the plugin wrote. */
    public JdbcTemplate jdbc() {
        return new JdbcTemplate(engine().bean(DataSource.class));
    }

    /** E.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return engine().baseUrl();
    }

    /** The super-admin token ({@code X-Auth-Token}). */
    public String adminToken() {
        return engine().adminToken();
    }

    private EmbeddedEngine engine() {
        if (engine == null) {
            throw new IllegalStateException("the engine is not running: register the kit with @RegisterExtension on a static field");
        }
        return engine;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
