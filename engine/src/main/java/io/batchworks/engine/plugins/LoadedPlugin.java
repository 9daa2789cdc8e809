package io.batchworks.engine.plugins;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A JAR of the plugins directory as {@code GET /v2/plugins} shows it: loaded with its task types, or failed with
 * the reason. A replacement that failed leaves the previous version serving: {@code serving_version} names it.
 *
 * @param state  {@code loaded} or {@code failed}
 * @param routes the routes it serves, e.g. {@code GET /v2/rates/number/{number}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadedPlugin(String file, String id, String version, String description, String state,
                           @JsonProperty("task_types") List<String> taskTypes, List<String> routes, String reason,
                           @JsonProperty("serving_version") String servingVersion) {
}
