package io.batchworks.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The API document read by swagger-parser, the OpenAPI project's own parser and validator, as a generator of clients
 * reads it: what breaks the specification, and the operations that do not say what a client needs: their security
 * (an empty list for a public one), a summary and their error replies.
 */
final class ApiDocsLint {

    private ApiDocsLint() {
    }

    /** Every finding, one line each; empty when the document passes. */
    static List<String> findings(String document) {
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document, null, null);
        List<String> findings = new ArrayList<>();
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(m -> findings.add("spec: " + m));
        }
        OpenAPI api = parsed.getOpenAPI();
        if (api == null) {
            findings.add("spec: not read");
            return findings;
        }
        Map<String, String> shapes = new HashMap<>();
        api.getPaths().forEach((path, item) -> {
            String shape = path.replaceAll("\\{[^}]+}", "{}");
            String earlier = shapes.putIfAbsent(shape, path);
            if (earlier != null) {
                findings.add("paths " + earlier + " and " + path + " differ only by parameter names");
            }
            item.readOperationsMap().forEach((method, operation) -> check(method.name().toLowerCase(Locale.ROOT) + " " + path, operation, findings));
        });
        return findings;
    }

    private static void check(String name, Operation operation, List<String> findings) {
        if (operation.getSecurity() == null) {
            findings.add(name + ": no security (an empty list when public)");
        }
        if (operation.getSummary() == null || operation.getSummary().isBlank()) {
            findings.add(name + ": no summary");
        }
        if (operation.getResponses() == null || operation.getResponses().keySet().stream().noneMatch(c -> c.startsWith("4"))) {
            findings.add(name + ": no 4xx reply");
        }
    }
}
