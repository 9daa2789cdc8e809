package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Timers;
import io.batchworks.plugin.InvalidSettingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The plugins directory, watched: a JAR dropped in is loaded ({@link JarLoader}) and put in service
 * ({@link PluginCatalogue}), a replaced one's new version takes over new work while tasks running on the old version
 * finish on its class loader, a removed one's task types disappear. A JAR is acted on once two scans see it
 * unchanged, so a file still being copied is not read half-written. A JAR that fails is listed with the reason; the
 * engine stays up, and a failed replacement leaves the previous version serving.
 */
@Component
@DependsOn("flywayInitializer")
public class PluginDirectory {

    private static final Logger log = LoggerFactory.getLogger(PluginDirectory.class);

    private record Fingerprint(long size, FileTime modified) {
    }

    /** A file of the directory: what was seen of it, and why its latest content was refused (if it was). */
    private static final class Slot {
        Fingerprint seen;
        Fingerprint handled;
        JarLoader.Refused failure;
    }

    private final JarLoader loader;
    private final PluginCatalogue catalogue;
    private final Path dir;
    private final Path copies;
    private final AtomicLong loads = new AtomicLong();
    private final Map<String, Slot> slots = new TreeMap<>();
    private final ScheduledExecutorService watcher;

    PluginDirectory(EngineSettings settings, JarLoader loader, PluginCatalogue catalogue) throws IOException {
        this.loader = loader;
        this.catalogue = catalogue;
        this.dir = Files.createDirectories(settings.pluginsDir().toAbsolutePath().normalize());
        this.copies = PrivateCopies.folder(settings.dataDir().toAbsolutePath().resolve("plugin-copies"));
        scan(true);
        log.info("Plugins from {}: {}", dir, plugins());
        Duration every = settings.pluginsScan();
        watcher = every == null || every.isZero() ? null : Timers.daemon("plugins-watcher");
        if (watcher != null) {
            watcher.scheduleWithFixedDelay(this::scanQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Every JAR of the plugins directory: loaded, or failed with why (and the version still serving, if any). */
    public synchronized List<LoadedPlugin> plugins() {
        List<LoadedPlugin> list = new ArrayList<>();
        slots.forEach((file, slot) -> {
            PluginJar jar = catalogue.serving(file).orElse(null);
            if (slot.failure != null) {
                list.add(new LoadedPlugin(file, slot.failure.id, slot.failure.version, null, "failed", List.of(), List.of(),
                        slot.failure.getMessage(), jar == null ? null : jar.version));
            } else if (jar != null) {
                list.add(new LoadedPlugin(file, jar.id, jar.version, jar.description, "loaded",
                        List.copyOf(jar.taskTypes.keySet()), jar.routeLines, null, null));
            }
        });
        return list;
    }

    private void scanQuietly() {
        try {
            scan(false);
        } catch (IOException | RuntimeException e) {
            log.warn("Scanning {} failed: {}", dir, e.toString());
        }
    }

    /**
     * Brings the loaded plugins in line with the directory. At start every JAR is loaded at once; afterwards a new or
     * changed JAR waits for a second scan that sees it unchanged. Failed JARs are tried again when another plugin
     * was removed (the task type or id they clashed with may be gone).
     */
    synchronized void scan(boolean atStart) throws IOException {
        Map<String, Fingerprint> present = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).toList()) {
                present.put(f.getFileName().toString(), new Fingerprint(Files.size(f), Files.getLastModifiedTime(f)));
            }
        }
        boolean removed = false;
        for (String file : List.copyOf(slots.keySet())) {
            if (!present.containsKey(file)) {
                slots.remove(file);
                removed |= catalogue.withdraw(file);
            }
        }
        for (Map.Entry<String, Fingerprint> e : present.entrySet()) {
            Slot slot = slots.computeIfAbsent(e.getKey(), f -> new Slot());
            Fingerprint now = e.getValue();
            if (now.equals(slot.handled)) {
                continue;
            }
            boolean stable = now.equals(slot.seen);
            slot.seen = now;
            if (atStart || stable) {
                slot.handled = now;
                load(e.getKey(), slot);
                if (atStart && slot.failure != null) {
                    stopOnBadSetting(slot.failure);
                }
            }
        }
        if (removed) {
            slots.forEach((file, slot) -> {
                if (slot.failure != null && catalogue.serving(file).isEmpty() && slot.handled != null) {
                    load(file, slot);
                }
            });
        }
    }

    private void load(String file, Slot slot) {
        try {
            Path copy = copies.resolve(loads.incrementAndGet() + "-" + file);
            Files.copy(dir.resolve(file), copy);
            PluginJar jar = loader.load(file, copy);
            try {
                catalogue.serve(jar);
            } catch (Exception e) {
                jar.close();
                throw new JarLoader.Refused(jar.id, jar.version, e);
            }
            slot.failure = null;
            log.info("Plugin {} loaded: {}", jar, jar.taskTypes.keySet());
        } catch (JarLoader.Refused e) {
            refuse(file, slot, e);
        } catch (Exception e) {
            refuse(file, slot, new JarLoader.Refused(null, null, e));
        }
    }

    /**
     * A setting a plugin cannot use stops the engine's start with its message (a plugin dropped in later is refused
     * with it instead): an operator who mistyped a setting learns it at once, not from a missing task type.
     */
    private static void stopOnBadSetting(JarLoader.Refused refused) {
        for (Throwable t = refused.getCause(); t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException bad) {
                throw new IllegalStateException(bad.getMessage(), bad);
            }
        }
    }

    private static void refuse(String file, Slot slot, JarLoader.Refused refused) {
        log.warn("Plugin {} not loaded: {}", file, refused.getMessage());
        log.debug("Plugin {} failure", file, refused.getCause());
        slot.failure = refused;
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
