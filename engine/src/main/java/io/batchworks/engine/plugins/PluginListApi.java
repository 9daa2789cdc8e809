package io.batchworks.engine.plugins;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.security.Access;
import io.batchworks.plugin.PluginApi;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** {@code GET /v2/plugins}: every JAR of the plugins directory, loaded with its task types or failed with why. */
@RestController
class PluginListApi {

    private final PluginDirectory directory;
    private final SharedApis shared;

    PluginListApi(PluginDirectory directory, SharedApis shared) {
        this.directory = directory;
        this.shared = shared;
    }

    @Operation(summary = "The plugin JARs: loaded with their task types, or refused with why; the shared API JARs (super admins)")
    @GetMapping({"/v2/plugins", "/v2/plugins/"})
    Map<String, Object> list(HttpServletRequest request) {
        Access.superAdmin();
        return KazooEnvelope.success(request, Map.of("plugin_api_version", PluginApi.VERSION,
                "plugins", directory.plugins(), "shared_apis", shared.jars()));
    }
}
