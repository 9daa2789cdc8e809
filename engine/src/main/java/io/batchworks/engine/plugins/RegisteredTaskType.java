package io.batchworks.engine.plugins;

import io.batchworks.plugin.TaskType;

/** A task type and the plugin that declared it. */
public record RegisteredTaskType(TaskType type, String pluginId) {

    public String key() {
        return type.category() + "/" + type.action();
    }
}
