package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.batchworks.engine.support.ApiDocs;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * With every bundled plugin of {@code dist/plugins} loaded, the API document lists every route mapped, each plugin's
 * too, and passes the lint: valid OpenAPI, with the security, a summary and the error replies of every operation.
 */
class DistApiDocsTest {

    @TempDir
    Path work;

    @Test
    void everyRouteOfTheEngineAndItsBundledPluginsIsDocumented() throws Exception {
        Dist.plugins(work, "*.jar");
        try (TestDatabase db = TestDatabase.hsqldb(); Engines.Embedded engine = new Engines.Embedded(db, work)) {
            assertThat(ApiDocs.mapped(engine)).contains("get /api/v1/scheduling/jobs/{id}", "post /private/reports",
                    "post /v2/task/reprocesses", "put /v2/accounts/{account}/resources/jobs", "get /v2/tasks/{id}");
            assertThat(ApiDocs.undocumented(engine)).isEmpty();
            JsonNode docs = engine.api().as(null).get("/v3/api-docs").json();
            for (String plugin : new String[] {"rates", "numbers", "reprocess", "reports", "scheduling"}) {
                assertThat(docs.path("tags").toString()).contains("plugin " + plugin);
            }
            assertThat(docs.path("x-task-types").size()).isGreaterThanOrEqualTo(9);
            assertThat(docs.path("paths").path("/v2/tasks").path("put").path("description").asString()).contains("scheduling/autoplace");
            JsonNode create = docs.path("paths").path("/v2/tasks").path("put");
            assertThat(create.path("parameters").toString()).contains("\"name\":\"input_url\"");
            assertThat(create.path("description").asString()).contains("gzip", "application/x-ndjson", "input_url");
            JsonNode bulk = docs.path("paths").path("/v2/rates/numbers").path("post");
            assertThat(bulk.path("summary").asString()).isEqualTo("The rates of many numbers");
            assertThat(bulk.path("parameters").toString()).contains("\"name\":\"ratedeck_id\"", "\"name\":\"direction\"");
            assertThat(ApiDocsLint.findings(docs.toString())).as("the lint of the API document").isEmpty();
        }
    }
}
