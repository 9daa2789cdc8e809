package io.batchworks.engine.plugins;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code plugins} component of {@code /actuator/health}: each JAR's state, and a refused one's reason. A refused
 * JAR leaves the engine up (its other plugins serve); the component is down only when no JAR loaded while some were
 * dropped in, which leaves the engine with nothing to run.
 */
@Component
class PluginsHealthIndicator implements HealthIndicator {

    private final PluginDirectory directory;

    PluginsHealthIndicator(PluginDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Health health() {
        Map<String, Object> jars = new LinkedHashMap<>();
        int loaded = 0;
        for (LoadedPlugin plugin : directory.plugins()) {
            boolean ok = "loaded".equals(plugin.state());
            loaded += ok ? 1 : 0;
            jars.put(plugin.file(), ok ? plugin.id() + " " + plugin.version() : plugin.state() + ": " + plugin.reason());
        }
        Health.Builder health = loaded == 0 && !jars.isEmpty() ? Health.down() : Health.up();
        return health.withDetail("loaded", loaded).withDetail("jars", jars).build();
    }
}
