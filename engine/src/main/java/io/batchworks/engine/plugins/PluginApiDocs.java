package io.batchworks.engine.plugins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.batchworks.plugin.TaskType;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.RouterFunction;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * Adds the loaded plugins to the API document ({@code /v3/api-docs}): each plugin's routes, read from its router
 * (tagged with the plugin), and its task types, in the description of {@code PUT /v2/tasks} and as
 * {@code x-task-types}. The document is built per request (springdoc's cache is off), so it follows plugins dropped
 * in and removed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // before the customizers that add every operation's errors and security
class PluginApiDocs implements OpenApiCustomizer {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private final PluginCatalogue catalogue;

    PluginApiDocs(PluginCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            api.setPaths(new Paths());
        }
        List<Map<String, Object>> taskTypes = new ArrayList<>();
        StringBuilder typeList = new StringBuilder();
        for (PluginJar jar : catalogue.servingJars()) {
            String tag = "plugin " + jar.id;
            api.addTagsItem(new Tag().name(tag).description((jar.description == null ? "" : jar.description + " ") + "(" + jar.id
                    + " " + jar.version + ")"));
            for (RouterFunction<?> router : jar.routes) {
                for (RouteList.Route route : RouteList.of(router)) {
                    PathItem item = api.getPaths().computeIfAbsent(route.path(), p -> new PathItem());
                    for (String method : route.methods().isEmpty() ? List.of("GET") : route.methods()) {
                        item.operation(PathItem.HttpMethod.valueOf(method), operation(jar.id, tag, method, route));
                    }
                }
            }
            jar.taskTypes.values().forEach(registered -> {
                TaskType type = registered.type();
                taskTypes.add(taskType(jar.id, type));
                typeList.append("\n- `").append(type.category()).append('/').append(type.action()).append("` (")
                        .append(jar.id).append("): ").append(type.description());
            });
        }
        api.addExtension("x-task-types", taskTypes);
        PathItem tasks = api.getPaths().get("/v2/tasks");
        if (tasks != null && tasks.getPut() != null && !typeList.isEmpty()) {
            String input = tasks.getPut().getDescription() == null ? "" : "\n\n" + tasks.getPut().getDescription();
            tasks.getPut().setDescription("Creates a task of a loaded type, chosen by `category` and `action`:" + typeList + input);
        }
    }

    /** A route's operation: what the plugin says of it ({@code RouteDoc}), else its method and path; its parameters. */
    private static Operation operation(String plugin, String tag, String method, RouteList.Route route) {
        String path = route.path();
        Operation operation = new Operation().addTagsItem(tag).summary(route.doc() == null ? method + " " + path : route.doc().summary())
                .operationId(plugin + "_" + method.toLowerCase(Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_"))
                .responses(new ApiResponses().addApiResponse("default", new ApiResponse().description("the plugin's reply")));
        Matcher variables = VARIABLE.matcher(path);
        while (variables.find()) {
            operation.addParametersItem(new PathParameter().name(variables.group(1)).required(true).schema(new StringSchema()));
        }
        if (route.doc() != null) {
            if (!route.doc().description().isEmpty()) {
                operation.description(route.doc().description());
            }
            route.doc().query().forEach((name, what) ->
                    operation.addParametersItem(new QueryParameter().name(name).description(what).schema(new StringSchema())));
        }
        return operation;
    }

    private static Map<String, Object> taskType(String plugin, TaskType type) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("plugin", plugin);
        doc.put("category", type.category());
        doc.put("action", type.action());
        doc.put("description", type.description());
        doc.put("doc", type.doc());
        doc.put("permission", type.permission().name().toLowerCase(Locale.ROOT));
        doc.put("expected_content", type.expectedContent());
        doc.put("mandatory", type.mandatory());
        doc.put("optional", type.optional());
        return doc;
    }
}
