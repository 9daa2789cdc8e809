package io.batchworks.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnHsqldb;
import io.batchworks.engine.support.PluginJars;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A shared API JAR in the plugins directory's {@code api/} carries the type of a service one plugin offers and another
 * uses, each in its own class loader; a service under a type only its plugin holds is refused, since no other plugin
 * could see it. A route's object reply naming no content type goes out as JSON.
 */
@OnHsqldb
class SharedApisTest extends EngineScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        Path plugins = work.resolve("plugins");
        Path api = PluginJars.sharedApi("shout-api").source("test.shout.api.Shouter", """
                package test.shout.api;

                public interface Shouter {
                    String shout(String word);
                }
                """).buildTo(plugins.resolve("api/shout-api.jar"));
        PluginJars.plugin("shouter").using(api).source("test.shouter.ShouterPlugin", """
                package test.shouter;

                import java.util.List;

                import io.batchworks.plugin.BatchworksPlugin;
                import io.batchworks.plugin.PluginContext;
                import io.batchworks.plugin.TaskType;
                import io.batchworks.plugin.Service;
                import test.shout.api.Shouter;

                public class ShouterPlugin implements BatchworksPlugin {
                    @Override
                    public List<TaskType> taskTypes(PluginContext context) {
                        return List.of();
                    }

                    @Override
                    public List<Service<?>> services(PluginContext context) {
                        return List.of(Service.of(Shouter.class, word -> word.toUpperCase() + "!"));
                    }
                }
                """).buildTo(plugins.resolve("shouter.jar"));
        PluginJars.plugin("listener").using(api).source("test.listener.ListenerPlugin", """
                package test.listener;

                import java.util.List;
                import java.util.Map;

                import io.batchworks.plugin.BatchworksPlugin;
                import io.batchworks.plugin.PluginContext;
                import io.batchworks.plugin.TaskType;
                import org.springframework.web.servlet.function.RouterFunction;
                import org.springframework.web.servlet.function.RouterFunctions;
                import org.springframework.web.servlet.function.ServerResponse;
                import test.shout.api.Shouter;

                public class ListenerPlugin implements BatchworksPlugin {
                    @Override
                    public List<TaskType> taskTypes(PluginContext context) {
                        return List.of();
                    }

                    @Override
                    public RouterFunction<ServerResponse> routes(PluginContext context) {
                        return RouterFunctions.route().GET("/v2/shouts/{word}", r -> context.service(Shouter.class)
                                .map(s -> ServerResponse.ok().body(Map.of("shout", s.shout(r.pathVariable("word")))))
                                .orElseGet(() -> ServerResponse.status(503).body(Map.of("shout", "nobody shouts"))))
                                .build();
                    }
                }
                """).buildTo(plugins.resolve("listener.jar"));
        PluginJars.plugin("whisperer").source("test.whisper.WhisperPlugin", """
                package test.whisper;

                import java.util.List;

                import io.batchworks.plugin.BatchworksPlugin;
                import io.batchworks.plugin.PluginContext;
                import io.batchworks.plugin.TaskType;
                import io.batchworks.plugin.Service;

                public class WhisperPlugin implements BatchworksPlugin {
                    @Override
                    public List<TaskType> taskTypes(PluginContext context) {
                        return List.of();
                    }

                    public interface Whisperer {
                        String whisper(String word);
                    }

                    @Override
                    public List<Service<?>> services(PluginContext context) {
                        return List.of(Service.of(Whisperer.class, String::toLowerCase));
                    }
                }
                """).buildTo(plugins.resolve("whisperer.jar"));
    }

    @Test
    void aServiceUnderASharedApiTypeIsUsedByAnotherPlugin() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/v2/shouts/hey"))
                .header("X-Auth-Token", api.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"shout\":\"HEY!\"}");
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void aServiceUnderATypeOnlyItsPluginHoldsIsRefused() {
        JsonNode whisperer = plugin("whisperer.jar");
        assertThat(whisperer.path("state").asString()).isEqualTo("failed");
        assertThat(whisperer.path("reason").asString())
                .contains("test.whisper.WhisperPlugin$Whisperer is not an interface of a shared API JAR");
        assertThat(plugin("shouter.jar").path("state").asString()).isEqualTo("loaded");
        assertThat(api.get("/v2/plugins").data().path("shared_apis").toString()).isEqualTo("[\"shout-api.jar\"]");
        assertThat(plugin("listener.jar").path("state").asString()).isEqualTo("loaded");
    }

    private JsonNode plugin(String file) {
        for (JsonNode p : api.get("/v2/plugins").data().path("plugins")) {
            if (p.path("file").asString().equals(file)) {
                return p;
            }
        }
        throw new AssertionError(file + " not in /v2/plugins");
    }
}
