package io.batchworks.plugins.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.web.servlet.function.ServerRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request's parameters as Sonar's clients send them: a JSON body, a form-encoded body, or the query string, read
 * alike. Arrays come as JSON arrays, {@code users[]=1&users[]=2}, {@code users=1&users=2} or {@code users=1,2}.
 * Every accessor refuses a bad value with a 422 naming the parameter.
 */
final class Input {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 1 << 20;

    private final ObjectNode values;

    private Input(ObjectNode values) {
        this.values = values;
    }

    /**
     * The body's parameters (JSON or form), over those of the query string. {@code curl -d '{...}'} sends JSON under a
     * form type, so a body is JSON when it looks like it, whatever its type says.
     */
    static Input of(ServerRequest request) {
        String body = body(request).strip(); // first: once the container parsed a form, the body is gone
        ObjectNode values = JSON.createObjectNode();
        request.params().forEach((name, list) -> put(values, name, list));
        if (body.startsWith("{")) {
            try {
                JSON.readTree(body).properties().forEach(e -> values.set(e.getKey(), e.getValue()));
            } catch (JacksonException e) {
                throw SonarErrors.error(400, "The body is not valid JSON: " + e.getOriginalMessage());
            }
        } else if (!body.isEmpty()) {
            Map<String, List<String>> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } catch (IllegalArgumentException e) {
                    throw SonarErrors.error(400, "The body is neither JSON nor valid form data");
                }
            }
            form.forEach((name, list) -> put(values, name, list));
        }
        return new Input(values);
    }

    /** The query string's parameters alone (GET). */
    static Input query(ServerRequest request) {
        ObjectNode values = JSON.createObjectNode();
        request.params().forEach((name, list) -> put(values, name, list));
        return new Input(values);
    }

    private static void put(ObjectNode values, String name, List<String> list) {
        boolean array = name.endsWith("[]");
        String key = array ? name.substring(0, name.length() - 2) : name;
        if (array || list.size() > 1) {
            ArrayNode items = values.putArray(key);
            list.forEach(items::add);
        } else {
            values.put(key, list.isEmpty() ? "" : list.get(0));
        }
    }

    private static String body(ServerRequest request) {
        try (InputStream in = request.servletRequest().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw SonarErrors.error(413, "The body is larger than " + MAX_BODY + " bytes.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SonarErrors.error(400, "The body could not be read.");
        }
    }

    /** The whole body as JSON (working hours). */
    JsonNode json() {
        return values;
    }

    boolean has(String name) {
        return values.has(name);
    }

    /** Present and {@code null} (JSON null, or an empty form value). */
    boolean isNull(String name) {
        JsonNode v = values.get(name);
        return v != null && (v.isNull() || (v.isString() && v.asString().isBlank()));
    }

    Optional<String> text(String name) {
        JsonNode v = values.get(name);
        if (v == null || isNull(name)) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw SonarErrors.invalid(name, "The " + name + " must be a string.");
        }
        return Optional.of(v.asString());
    }

    String requiredText(String name) {
        return text(name).filter(s -> !s.isBlank()).orElseThrow(() -> SonarErrors.required(name));
    }

    Optional<Long> integer(String name) {
        return text(name).map(t -> parseLong(name, t));
    }

    long requiredInteger(String name) {
        return integer(name).orElseThrow(() -> SonarErrors.required(name));
    }

    /** A list of integers; empty when absent. */
    List<Long> integers(String name) {
        JsonNode v = values.get(name);
        if (v == null || isNull(name)) {
            return List.of();
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        for (JsonNode item : v.isArray() ? v : List.of(v)) {
            for (String part : item.asString().split(",")) {
                if (!part.isBlank()) {
                    ids.add(parseLong(name, part));
                }
            }
        }
        return List.copyOf(ids);
    }

    Optional<Long> dateTime(String name) {
        return parsed(name, "Y-m-d H:i:s", WallTime::parseDateTime);
    }

    Optional<LocalDate> date(String name) {
        return parsed(name, "Y-m-d", WallTime::parseDate);
    }

    Optional<Integer> time(String name) {
        return parsed(name, "H:i:s", WallTime::parseTime);
    }

    private <T> Optional<T> parsed(String name, String format, Function<String, T> parser) {
        return text(name).map(t -> {
            try {
                return parser.apply(t);
            } catch (DateTimeException e) {
                throw SonarErrors.invalid(name, "The " + name + " does not match the format " + format + ".");
            }
        });
    }

    /** A job's length: a positive multiple of 15 minutes. */
    Optional<Integer> length(String name) {
        return integer(name).map(minutes -> {
            if (minutes <= 0 || minutes % 15 != 0 || minutes > 7 * 24 * 60) {
                throw SonarErrors.invalid(name, "The " + name + " must be a positive multiple of 15 (at most a week).");
            }
            return minutes.intValue();
        });
    }

    private static long parseLong(String name, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw SonarErrors.invalid(name, "The " + name + " must be an integer.");
        }
    }
}
