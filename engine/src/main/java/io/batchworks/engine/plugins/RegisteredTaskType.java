package io.batchworks.engine.plugins;

import io.batchworks.plugin.TaskType;

/** A task type and the plugin JAR version that declared it. */
public record RegisteredTaskType(TaskType type, PluginJar jar) {

    public String key() {
        return type.category() + "/" + type.action();
    }

    public String pluginId() {
        return jar.id();
    }
}
