package io.batchworks.plugins.reprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnHsqldb;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Durations read as Spring users write them; a value that is none stops the engine's start, naming the key. */
@OnHsqldb
class HsqldbSettingsIT extends ForkedScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        UsageFixtures.plugins(work);
    }

    @Test
    void aDurationThatIsNoneStopsTheStartNamingItsKey() throws Exception {
        try (TestDatabase db = database()) {
            assertThatThrownBy(() -> new Engines.Forked(db, work, "--reprocess.cycle-interval=five").close())
                    .hasMessageContaining("engine exited")
                    .hasMessageContaining("setting reprocess.cycle-interval: \"five\" is not a duration");
        }
    }

    @Test
    void durationsTakeUnitsIsoAndPlainSeconds() throws Exception {
        try (TestDatabase db = database();
             Engines.Forked engine = new Engines.Forked(db, work, "--reprocess.cycle-interval=5s", "--reprocess.period=PT1H",
                     "--reprocess.settle-delay=600", "--batchworks.plugins-scan=2")) {
            JsonNode plugins = engine.api().get("/v2/plugins").data().path("plugins");
            assertThat(plugins.size()).isEqualTo(2);
            plugins.forEach(p -> assertThat(p.path("state").asString()).as(p.toString()).isEqualTo("loaded"));
        }
    }
}
