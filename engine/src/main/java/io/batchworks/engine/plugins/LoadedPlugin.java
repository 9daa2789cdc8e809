package io.batchworks.engine.plugins;

import java.util.List;

/**
 * A JAR found in the plugins directory: loaded with its task types, or failed with the reason.
 *
 * @param state {@code loaded} or {@code failed}
 */
public record LoadedPlugin(String file, String id, String version, String description, String state,
                           List<String> taskTypes, String reason) {

    static LoadedPlugin failed(String file, String id, String version, String reason) {
        return new LoadedPlugin(file, id, version, null, "failed", List.of(), reason);
    }
}
