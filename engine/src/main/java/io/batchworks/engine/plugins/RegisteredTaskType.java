package io.batchworks.engine.plugins;

import io.batchworks.plugin.TaskType;

/** A task type and the plugin JAR version that declared it. */
public record RegisteredTaskType(TaskType type, PluginJar jar) {

    /** Kazoo's category and action as one key, e.g. {@code rates/import}: how task types are found and named. */
    public static String key(String category, String action) {
        return category + "/" + action;
    }

    public String key() {
        return key(type.category(), type.action());
    }

    public String pluginId() {
        return jar.id();
    }
}
