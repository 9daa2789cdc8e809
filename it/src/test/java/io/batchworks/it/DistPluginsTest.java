package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * What `mvn package` assembles in dist/plugins loads together in one engine: every bundled plugin, each with its task
 * types, and the shared API JARs of dist/plugins/api.
 */
class DistPluginsTest {

    @TempDir
    Path work;

    @Test
    void everyBundledPluginOfDistLoadsWithItsTaskTypes() throws Exception {
        Dist.plugins(work, "*.jar");
        try (TestDatabase db = TestDatabase.hsqldb(); Engines.Forked engine = new Engines.Forked(db, work)) {
            Map<String, List<String>> loaded = new TreeMap<>();
            for (JsonNode p : engine.api().get("/v2/plugins").data().path("plugins")) {
                assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("loaded");
                List<String> types = new ArrayList<>();
                p.path("task_types").forEach(t -> types.add(t.asString()));
                loaded.put(p.path("id").asString(), types);
            }
            assertThat(loaded).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "numbers", List.of("numbers/add"),
                    "rates", List.of("rates/import", "rates/export", "rates/delete"),
                    "reports", List.of(),
                    "reprocess", List.of("usage/import", "usage/rate", "usage/reprocess", "usage/export"),
                    "scheduling", List.of("scheduling/autoplace"))));
            assertThat(engine.api().get("/v2/plugins").data().path("shared_apis").toString()).contains("rates-api-");
        }
    }
}
