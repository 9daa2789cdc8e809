package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Fixtures;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Every setting a bundled plugin reads is described in the configuration metadata its JAR ships
 * ({@code META-INF/spring-configuration-metadata.json}), which IDEs read to complete {@code jobs-config/jobs.yml}; and
 * every key of {@code jobs-config/jobs.yml} is described by the engine's or a plugin's metadata.
 */
class SettingsMetadataTest {

    /** A key read whole, e.g. {@code context.setting("reports.threads", ...)}; keys built from parts are left out. */
    private static final Pattern READ = Pattern.compile("\\.(?:setting|duration)\\(\"([a-z0-9._-]+)\",");

    @Test
    void everySettingAPluginReadsIsDescribed() throws IOException {
        Path plugins = Fixtures.root().resolve("plugins");
        List<String> undescribed = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(plugins)) {
            for (Path plugin : dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                Set<String> described = described(plugin.resolve("src/main/resources/META-INF/spring-configuration-metadata.json"));
                for (String key : read(plugin.resolve("src/main/java"))) {
                    if (!described.contains(key)) {
                        undescribed.add(plugin.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyKeyOfJobsConfigIsDescribed() throws IOException {
        Set<String> described = new TreeSet<>(described(Fixtures.root().resolve("engine/target/classes/META-INF/spring-configuration-metadata.json")));
        try (Stream<Path> files = Files.list(Fixtures.root().resolve("plugins"))) {
            for (Path f : files.map(p -> p.resolve("src/main/resources/META-INF/spring-configuration-metadata.json")).filter(Files::exists).toList()) {
                described.addAll(described(f));
            }
        }
        List<String> keys = new ArrayList<>();
        leaves("", Api.JSON.readTree(yamlAsJson(Fixtures.root().resolve("jobs-config/jobs.yml"))), keys);
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(described).as("described keys").contains(key));
    }

    private static Set<String> described(Path metadata) throws IOException {
        Set<String> names = new TreeSet<>();
        if (Files.exists(metadata)) {
            Api.JSON.readTree(metadata.toFile()).path("properties").forEach(p -> names.add(p.path("name").asString()));
        }
        return names;
    }

    private static Set<String> read(Path sources) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = READ.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    private static void leaves(String prefix, JsonNode node, List<String> keys) {
        if (node.isObject()) {
            node.properties().forEach(e -> leaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys));
        } else {
            keys.add(prefix);
        }
    }

    /** The YAML of jobs.yml (maps of scalars, comments) as JSON, without a YAML library in the tests. */
    private static String yamlAsJson(Path yaml) throws IOException {
        StringBuilder json = new StringBuilder();
        List<Integer> open = new ArrayList<>();
        for (String raw : Files.readAllLines(yaml)) {
            String line = raw.replaceAll("\\s+#.*$", "");
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            while (!open.isEmpty() && indent <= open.get(open.size() - 1)) {
                json.append('}');
                open.remove(open.size() - 1);
            }
            String[] kv = line.strip().split(":", 2);
            json.append(json.length() > 0 && json.charAt(json.length() - 1) != '{' ? "," : "").append('"').append(kv[0]).append("\":");
            if (kv[1].isBlank()) {
                json.append('{');
                open.add(indent);
            } else {
                json.append('"').append(kv[1].strip()).append('"');
            }
        }
        open.forEach(i -> json.append('}'));
        return "{" + json + "}";
    }
}
