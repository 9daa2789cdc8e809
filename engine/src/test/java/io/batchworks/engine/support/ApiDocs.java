package io.batchworks.engine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.batchworks.engine.plugins.PluginCatalogue;

import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;

/**
 * The routes an engine serves, as Spring registered them (the engine's controllers in Spring MVC's mapping, the
 * plugins' routers as Spring prints them), against those its API document ({@code /v3/api-docs}) lists.
 */
public final class ApiDocs {

    private static final Pattern PLUGIN_ROUTE = Pattern.compile("\\(([A-Z]+) && (/[^\\s)]*)\\)");

    private ApiDocs() {
    }

    /** Every route mapped, as {@code "<method> <path>"} (method in lower case, as OpenAPI writes it). */
    public static List<String> mapped(Engines.Embedded engine) {
        List<String> mapped = new ArrayList<>();
        engine.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().forEach((info, method) -> {
            // the API's controllers; the console's page redirects are no API
            if (method.getBeanType().getName().startsWith("io.batchworks.") && method.getBeanType().isAnnotationPresent(RestController.class)) {
                for (String path : info.getPatternValues()) {
                    info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name().toLowerCase(Locale.ROOT) + " " + path));
                }
            }
        });
        Matcher route = PLUGIN_ROUTE.matcher(engine.bean(PluginCatalogue.class).routes().toString());
        while (route.find()) {
            mapped.add(route.group(1).toLowerCase(Locale.ROOT) + " " + route.group(2));
        }
        return mapped;
    }

    /**
     * The mapped routes the API document does not list. A path with a trailing slash counts as listed when the same
     * path without it is: the document lists each route once.
     */
    public static List<String> undocumented(Engines.Embedded engine) {
        JsonNode paths = engine.api().as(null).get("/v3/api-docs").json().path("paths");
        return mapped(engine).stream().filter(m -> {
            String[] methodAndPath = m.split(" ", 2);
            String path = methodAndPath[1].length() > 1 && methodAndPath[1].endsWith("/")
                    ? methodAndPath[1].substring(0, methodAndPath[1].length() - 1) : methodAndPath[1];
            return !paths.path(path).has(methodAndPath[0]);
        }).toList();
    }
}
