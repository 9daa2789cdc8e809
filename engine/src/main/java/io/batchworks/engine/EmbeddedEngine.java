package io.batchworks.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The engine started inside another program, e.g. a test: on a free loopback port, with its own data and plugins
 * directories under {@code home} and, unless {@code args} say otherwise, the embedded HSQLDB database in file mode.
 */
public final class EmbeddedEngine implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String baseUrl;
    private final String adminToken;

    private EmbeddedEngine(ConfigurableApplicationContext context, Path dataDir) throws IOException {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        this.adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
    }

    /**
     * Starts an engine whose data lives in {@code home/data} and whose plugins are the JARs of {@code pluginsDir};
     * {@code args} are further command-line arguments ({@code --key=value}), which win over these defaults.
     */
    public static EmbeddedEngine start(Path home, Path pluginsDir, List<String> args) throws IOException {
        List<String> all = new ArrayList<>();
        for (String fallback : List.of("--server.port=0", "--server.address=127.0.0.1", "--batchworks.home=" + home,
                "--batchworks.data-dir=" + home.resolve("data"), "--batchworks.plugins-dir=" + pluginsDir)) {
            String key = fallback.substring(0, fallback.indexOf('=') + 1);
            // a key given twice would reach Spring as a list ("0,0"): a default only where args are silent
            if (args.stream().noneMatch(a -> a.startsWith(key))) {
                all.add(fallback);
            }
        }
        all.addAll(args);
        String dataDir = all.stream().filter(a -> a.startsWith("--batchworks.data-dir=")).findFirst().orElseThrow();
        return new EmbeddedEngine(SpringApplication.run(BatchworksApplication.class, all.toArray(String[]::new)),
                Path.of(dataDir.substring(dataDir.indexOf('=') + 1)));
    }

    /** E.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The master account's super-admin token. */
    public String adminToken() {
        return adminToken;
    }

    /** One of the engine's Spring beans, e.g. its {@code DataSource}. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** One of the engine's Spring beans by name, where several share a type. */
    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    @Override
    public void close() {
        context.close();
    }
}
