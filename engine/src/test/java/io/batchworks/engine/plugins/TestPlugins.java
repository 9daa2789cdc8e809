package io.batchworks.engine.plugins;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.batchworks.engine.support.PluginJars;

/** Plugins written by the tests, as source: a well-behaved one in two versions, and ones the engine must refuse. */
public final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * {@code greetings/import}: a CSV of names, checked (letters only) and written to its own table with a greeting
     * whose word tells which version wrote it (a chunk holding the name {@code Conflict} fails once per task with a write
     * conflict, as a database reports one); routes that greet, that say whether a class is visible to it, and that
     * count what a task wrote ({@code written} rows, distinct {@code names}).
     */
    public static PluginJars greet(String version, String word) {
        return PluginJars.plugin("greet").version(version)
                .source("test.greet.GreetPlugin", """
                        package test.greet;

                        import java.util.List;
                        import java.util.Map;
                        import java.util.Set;
                        import java.util.concurrent.ConcurrentHashMap;

                        import io.batchworks.plugin.BatchworksPlugin;
                        import io.batchworks.plugin.ExportQuery;
                        import io.batchworks.plugin.PluginContext;
                        import io.batchworks.plugin.RowRejectedException;
                        import io.batchworks.plugin.TaskType;
                        import org.springframework.dao.CannotAcquireLockException;
                        import org.springframework.jdbc.core.JdbcTemplate;
                        import org.springframework.web.servlet.function.RouterFunction;
                        import org.springframework.web.servlet.function.RouterFunctions;
                        import org.springframework.web.servlet.function.ServerResponse;

                        public class GreetPlugin implements BatchworksPlugin {
                            static final String VERSION = "%s";
                            static final String WORD = "%s";
                            static final Set<String> CONFLICTED = ConcurrentHashMap.newKeySet();

                            @Override
                            public String migrations() {
                                return "db/greet";
                            }

                            @Override
                            public List<TaskType> taskTypes(PluginContext context) {
                                JdbcTemplate jdbc = new JdbcTemplate(context.dataSource());
                                return List.of(TaskType.builder("greetings", "import")
                                        .description("Greets people (greet " + VERSION + ")")
                                        .expectedContent("text/csv")
                                        .mandatory("name")
                                        .rows((row, task) -> {
                                            String name = row.get("name");
                                            if (name == null || !name.matches("[A-Za-z]+")) {
                                                throw new RowRejectedException("name must be letters");
                                            }
                                            return name;
                                        }, (items, task) -> {
                                            if (items.all().contains("Conflict") && CONFLICTED.add(task.id())) {
                                                // as a database reports a write conflict: once per task, the chunk rolled back
                                                throw new CannotAcquireLockException("write conflict on ex_greeting");
                                            }
                                            for (String name : items.all()) {
                                                jdbc.update("INSERT INTO ex_greeting (task_id, name, greeting) VALUES (?, ?, ?)",
                                                        task.id(), name, WORD + ", " + name);
                                            }
                                        })
                                        .partitionBy(row -> row.get("name"))
                                        .build(),
                                        TaskType.builder("greetings", "export")
                                        .description("The greetings written, of one task (parameter task_id) or of all")
                                        .export(task -> task.params().containsKey("task_id")
                                                ? new ExportQuery(List.of("name", "greeting"),
                                                        "SELECT name, greeting FROM ex_greeting WHERE task_id = ? ORDER BY name",
                                                        List.of(task.params().get("task_id")))
                                                : new ExportQuery(List.of("name", "greeting"),
                                                        "SELECT name, greeting FROM ex_greeting ORDER BY task_id, name", List.of()))
                                        .build());
                            }

                            @Override
                            public RouterFunction<ServerResponse> routes(PluginContext context) {
                                return RouterFunctions.route()
                                        .GET("/v2/greetings/{name}", r -> ServerResponse.ok()
                                                .body(Map.of("greeting", WORD + ", " + r.pathVariable("name"), "version", VERSION)))
                                        .withAttributes(io.batchworks.plugin.web.RouteDoc.of("Greets someone", "In the word of the version.",
                                                "style", "how warmly"))
                                        .GET("/v2/greetings-visible", r -> ServerResponse.ok()
                                                .body(Map.of("visible", visible(r.param("class").orElseThrow()))))
                                        .GET("/v2/greetings-written/{task}", r -> {
                                            Map<String, Object> counts = new JdbcTemplate(context.dataSource()).queryForMap(
                                                    "SELECT COUNT(*) AS written, COUNT(DISTINCT name) AS names FROM ex_greeting WHERE task_id = ?",
                                                    r.pathVariable("task"));
                                            return ServerResponse.ok().body(Map.of("written", counts.get("written"), "names", counts.get("names")));
                                        })
                                        .build();
                            }

                            private static boolean visible(String name) {
                                try {
                                    Class.forName(name, false, GreetPlugin.class.getClassLoader());
                                    return true;
                                } catch (ClassNotFoundException e) {
                                    return false;
                                }
                            }
                        }
                        """.formatted(version, word))
                .resource("db/greet/V1__greetings.sql",
                        "CREATE TABLE ex_greeting (task_id VARCHAR(64) NOT NULL, name VARCHAR(100) NOT NULL, greeting VARCHAR(120) NOT NULL);\n");
    }

    /**
     * A plugin that keeps threads busy: one it starts itself in its constructor and stops in {@code close()}
     * ({@code busy-own-<version>}), a timer from {@code PluginContext.executor} that it never stops
     * ({@code plugin-busy-tick-<version>-1}), and periodic work that writes a beat with its version every 200 ms.
     */
    static PluginJars busy(String version) {
        return PluginJars.plugin("busy").version(version)
                .source("test.busy.BusyPlugin", """
                        package test.busy;

                        import java.time.Duration;
                        import java.util.List;
                        import java.util.concurrent.TimeUnit;

                        import io.batchworks.plugin.BatchworksPlugin;
                        import io.batchworks.plugin.jobs.Periodic;
                        import io.batchworks.plugin.PluginContext;
                        import io.batchworks.plugin.TaskType;
                        import org.springframework.jdbc.core.JdbcTemplate;

                        public class BusyPlugin implements BatchworksPlugin {
                            static final String VERSION = "%s";
                            private final Thread own = new Thread(() -> {
                                try {
                                    Thread.sleep(Long.MAX_VALUE);
                                } catch (InterruptedException stopped) {
                                    // close() asked
                                }
                            }, "busy-own-" + VERSION);

                            public BusyPlugin() {
                                own.setDaemon(true);
                                own.start();
                            }

                            @Override
                            public String migrations() {
                                return "db/busy";
                            }

                            @Override
                            public List<TaskType> taskTypes(PluginContext context) {
                                context.executor("tick-" + VERSION, 1).scheduleAtFixedRate(() -> { }, 0, 50, TimeUnit.MILLISECONDS);
                                return List.of();
                            }

                            @Override
                            public List<Periodic> periodic(PluginContext context) {
                                JdbcTemplate jdbc = new JdbcTemplate(context.dataSource());
                                return List.of(new Periodic("beat", Duration.ofMillis(200),
                                        () -> jdbc.update("INSERT INTO busy_beat (version, beat_at) VALUES (?, ?)", VERSION,
                                                System.currentTimeMillis())));
                            }

                            @Override
                            public void close() {
                                own.interrupt();
                            }
                        }
                        """.formatted(version))
                .resource("db/busy/V1__beats.sql", "CREATE TABLE busy_beat (version VARCHAR(20) NOT NULL, beat_at BIGINT NOT NULL);\n");
    }

    /** {@code crash/rows}: a row {@code boom} throws an exception from the plugin's code, a row {@code error} an Error. */
    static PluginJars crashing() {
        return PluginJars.plugin("crash")
                .source("test.crash.CrashPlugin", """
                        package test.crash;

                        import java.util.List;

                        import io.batchworks.plugin.BatchworksPlugin;
                        import io.batchworks.plugin.PluginContext;
                        import io.batchworks.plugin.TaskType;

                        public class CrashPlugin implements BatchworksPlugin {
                            @Override
                            public List<TaskType> taskTypes(PluginContext context) {
                                return List.of(TaskType.builder("crash", "rows")
                                        .description("Fails on purpose")
                                        .expectedContent("text/csv")
                                        .mandatory("what")
                                        .rows((row, task) -> switch (row.get("what")) {
                                            case "boom" -> throw new IllegalStateException("plugin bug");
                                            case "error" -> throw new NoClassDefFoundError("com/example/Missing");
                                            default -> row.get("what");
                                        }, (items, task) -> { })
                                        .build());
                            }
                        }
                        """);
    }

    /**
     * {@code tally/import}: takes every row of column {@code n} and writes nothing, pausing {@code pause_ms} (a parameter
     * of the task) after each chunk: a long task that costs little but time.
     */
    public static PluginJars tally() {
        return oneClass("tally", "Tally", "", """
                List.of(TaskType.builder("tally", "import").description("counts rows").expectedContent("text/csv").mandatory("n")
                        .rows((row, task) -> row.get("n"), (items, task) -> {
                            try {
                                Thread.sleep(Long.parseLong(task.params().getOrDefault("pause_ms", "0")));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }).build())""");
    }

    /** A plugin whose only task type is {@code category/action}. */
    static PluginJars declaring(String id, String category, String action) {
        return oneClass(id, "Declaring", "",
                "List.of(TaskType.builder(\"%s\", \"%s\").description(\"declared by %s\").export(task -> null).build())"
                        .formatted(category, action, id));
    }

    /** A plugin declaring no task type, whose class also holds {@code members} (a constructor, a static initialiser). */
    static PluginJars with(String id, String members) {
        return oneClass(id, "Faulty", members, "List.of()");
    }

    /** A plugin of one class, {@code test.<id>.<name>}, with {@code members} and {@code taskTypes} as what it declares. */
    private static PluginJars oneClass(String id, String name, String members, String taskTypes) {
        return PluginJars.plugin(id)
                .source("test." + id + "." + name, """
                        package test.%s;

                        import java.util.List;

                        import io.batchworks.plugin.BatchworksPlugin;
                        import io.batchworks.plugin.PluginContext;
                        import io.batchworks.plugin.TaskType;

                        public class %s implements BatchworksPlugin {
                            %s

                            @Override
                            public List<TaskType> taskTypes(PluginContext context) {
                                return %s;
                            }
                        }
                        """.formatted(id, name, members, taskTypes));
    }

    /**
     * A greet import's CSV of {@code rows} names, every {@code badEvery}th (from the 8th) one the plugin rejects
     * ({@code bad<i>}: it has a digit); 0: none.
     */
    public static String greetInput(int rows, int badEvery) {
        return IntStream.range(0, rows).mapToObj(i -> badEvery > 0 && i % badEvery == 7 ? "bad" + i : greetName(i))
                .collect(Collectors.joining("\n", "name\n", "\n"));
    }

    /** The {@code i}th name the greet plugin takes (letters only): na, nb, ..., nz, nba, nbb, ... */
    public static String greetName(int i) {
        StringBuilder s = new StringBuilder();
        do {
            s.insert(0, (char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return "n" + s;
    }
}
