package io.batchworks.engine.plugins;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.plugin.Service;

import org.springframework.stereotype.Component;

/** The services plugins offer one another, by their interface from a shared API JAR or plugin-api. */
@Component
public class PluginServices {

    private record Offered(String pluginId, Object implementation) {
    }

    private final Map<Class<?>, Offered> services = new ConcurrentHashMap<>();
    private final SharedApis shared;

    PluginServices(SharedApis shared) {
        this.shared = shared;
    }

    /**
     * Checks a plugin's services before anything of the plugin is registered: each type must be of a shared API JAR
     * or of plugin-api (else no other plugin could share it) and not offered by another plugin yet (a new version of
     * the same plugin takes its services over).
     */
    void check(String pluginId, List<Service<?>> offered) {
        for (Service<?> service : offered) {
            if (!shared.shares(service.type())) {
                throw new IllegalStateException("service " + service.type().getName()
                        + " is not an interface of a shared API JAR (the plugins directory's api/) or of plugin-api");
            }
            Offered existing = services.get(service.type());
            if (existing != null && !existing.pluginId().equals(pluginId)) {
                throw new IllegalStateException("service " + service.type().getName() + " is already offered by plugin "
                        + existing.pluginId());
            }
        }
    }

    void register(String pluginId, List<Service<?>> offered) {
        offered.forEach(s -> services.put(s.type(), new Offered(pluginId, s.implementation())));
    }

    /** Withdraws a plugin's services: its JAR was removed or replaced. */
    void unregister(String pluginId) {
        services.values().removeIf(o -> o.pluginId().equals(pluginId));
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(o -> type.cast(o.implementation()));
    }
}
