package io.batchworks.plugins.numbers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.JsonBodies;

import org.springframework.web.servlet.function.ServerRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kazoo's resource document: checked against the {@code resources} schema (a 400 names the field and rule),
 * with the schema's defaults filled in, keys in Kazoo's (alphabetical) order.
 */
final class ResourceDocs {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResourceDocs() {
    }

    /**
     * The request body's {@code data} object; 400 when the body is not JSON or has no object there. The body is
     * read as JSON whatever its declared content type, as Kazoo does (curl without {@code -H} sends a form type).
     */
    static ObjectNode data(ServerRequest request) throws IOException {
        JsonNode data;
        try {
            data = JsonBodies.read(request).path("data");
        } catch (JacksonException e) {
            throw new ApiException(400, "invalid request body", Map.of("data", Map.of("message", "the body is not JSON: "
                    + e.getOriginalMessage())));
        }
        if (!(data instanceof ObjectNode object)) {
            throw ApiException.invalidData("data", "type", "data must be a JSON object");
        }
        return object;
    }

    /** A resource as stored: the request's fields checked, defaults filled, {@code id} set. */
    static ObjectNode resource(ObjectNode data, String id) {
        ObjectNode doc = data.deepCopy();
        doc.remove(List.of("id", "_read_only"));
        requireString(doc, "name", 1, 128);
        JsonNode gateways = doc.get("gateways");
        if (gateways == null || gateways.isNull()) {
            throw ApiException.invalidData("gateways", "required", "Field is required but missing");
        }
        if (!gateways.isArray()) {
            throw ApiException.invalidData("gateways", "type", "Value is not of type array");
        }
        for (int i = 0; i < gateways.size(); i++) {
            if (!(gateways.get(i) instanceof ObjectNode gateway)) {
                throw ApiException.invalidData("gateways." + i, "type", "Value is not of type object");
            }
            requireString(gateway, "server", 1, 128, "gateways." + i + ".server");
            optionalBoolean(gateway, "enabled", "gateways." + i + ".enabled");
            gatewayDefaults(gateway);
        }
        optionalBoolean(doc, "enabled", "enabled");
        optionalBoolean(doc, "emergency", "emergency");
        optionalInteger(doc, "weight_cost", 0, 100);
        optionalInteger(doc, "grace_period", 0, Integer.MAX_VALUE);
        optionalStrings(doc, "flags");
        optionalStrings(doc, "rules");
        JsonNode rules = doc.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            try {
                Pattern.compile(rules.get(i).asString());
            } catch (PatternSyntaxException e) {
                throw ApiException.invalidData("rules." + i, "pattern", "not a valid regular expression: " + e.getDescription());
            }
        }
        if (doc.has("media") && !doc.get("media").isObject()) {
            throw ApiException.invalidData("media", "type", "Value is not of type object");
        }
        defaults(doc);
        doc.put("id", id);
        return sorted(doc);
    }

    /** Kazoo's listing of a resource. */
    static Map<String, Object> summary(ObjectNode doc) {
        Map<String, Object> view = new TreeMap<>();
        view.put("enabled", doc.path("enabled").asBoolean(true));
        view.put("id", doc.path("id").asString());
        view.put("name", doc.path("name").asString());
        view.put("weight", doc.get("weight_cost"));
        return view;
    }

    static ObjectNode parse(String stored) {
        return (ObjectNode) JSON.readTree(stored);
    }

    /** Whether a stored resource is enabled. */
    static boolean enabled(String stored) {
        return parse(stored).path("enabled").asBoolean(true);
    }

    private static void defaults(ObjectNode doc) {
        putIfAbsent(doc, "emergency", NODES.booleanNode(false));
        putIfAbsent(doc, "enabled", NODES.booleanNode(true));
        putIfAbsent(doc, "flags", NODES.arrayNode());
        putIfAbsent(doc, "grace_period", NODES.numberNode(5));
        ObjectNode media = NODES.objectNode();
        media.putObject("audio").putArray("codecs").add("PCMU");
        media.putObject("video").putArray("codecs");
        putIfAbsent(doc, "media", media);
        putIfAbsent(doc, "rules", NODES.arrayNode());
        putIfAbsent(doc, "weight_cost", NODES.numberNode(50));
    }

    private static void gatewayDefaults(ObjectNode gateway) {
        putIfAbsent(gateway, "channel_selection", NODES.stringNode("ascending"));
        putIfAbsent(gateway, "custom_sip_headers", NODES.objectNode());
        putIfAbsent(gateway, "enabled", NODES.booleanNode(true));
        putIfAbsent(gateway, "endpoint_type", NODES.stringNode("sip"));
        putIfAbsent(gateway, "invite_format", NODES.stringNode("route"));
        putIfAbsent(gateway, "skype_rr", NODES.booleanNode(true));
    }

    private static void putIfAbsent(ObjectNode doc, String field, JsonNode value) {
        if (!doc.has(field) || doc.get(field).isNull()) {
            doc.set(field, value);
        }
    }

    private static void requireString(ObjectNode doc, String field, int min, int max) {
        requireString(doc, field, min, max, field);
    }

    private static void requireString(ObjectNode doc, String field, int min, int max, String path) {
        JsonNode value = doc.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.invalidData(path, "required", "Field is required but missing");
        }
        if (!value.isString()) {
            throw ApiException.invalidData(path, "type", "Value is not of type string");
        }
        int length = value.asString().length();
        if (length < min) {
            throw ApiException.invalidData(path, "minLength", "String must be at least " + min + " characters");
        }
        if (length > max) {
            throw ApiException.invalidData(path, "maxLength", "String must not be more than " + max + " characters");
        }
    }

    private static void optionalBoolean(ObjectNode doc, String field, String path) {
        JsonNode value = doc.get(field);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw ApiException.invalidData(path, "type", "Value is not of type boolean");
        }
    }

    /** An integer field; Kazoo's older documents hold some as strings of digits ("50"), which are kept as given. */
    private static void optionalInteger(ObjectNode doc, String field, long min, long max) {
        JsonNode value = doc.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        long n;
        if (value.isIntegralNumber()) {
            n = value.asLong();
        } else if (value.isString() && value.asString().matches("-?\\d{1,18}")) {
            n = Long.parseLong(value.asString());
        } else {
            throw ApiException.invalidData(field, "type", "Value is not of type integer");
        }
        if (n < min) {
            throw ApiException.invalidData(field, "minimum", "Value must be at least " + min);
        }
        if (n > max) {
            throw ApiException.invalidData(field, "maximum", "Value must be at most " + max);
        }
    }

    private static void optionalStrings(ObjectNode doc, String field) {
        JsonNode value = doc.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isArray()) {
            throw ApiException.invalidData(field, "type", "Value is not of type array");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isString()) {
                throw ApiException.invalidData(field + "." + i, "type", "Value is not of type string");
            }
        }
    }

    private static ObjectNode sorted(ObjectNode doc) {
        ObjectNode out = NODES.objectNode();
        List<String> names = new ArrayList<>(doc.propertyNames());
        names.sort(null);
        for (String name : names) {
            JsonNode value = doc.get(name);
            if (value instanceof ObjectNode object) {
                value = sorted(object);
            } else if (value instanceof ArrayNode array) {
                ArrayNode copy = NODES.arrayNode();
                array.forEach(v -> copy.add(v instanceof ObjectNode o ? sorted(o) : v));
                value = copy;
            }
            out.set(name, value);
        }
        return out;
    }
}
