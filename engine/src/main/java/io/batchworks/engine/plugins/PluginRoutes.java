package io.batchworks.engine.plugins;

import java.util.List;
import java.util.Optional;

import io.batchworks.engine.web.ErrorReplies;
import io.batchworks.plugin.ApiException;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The plugins' HTTP routes as one router, with the engine's error envelope around each handler. Only the routers whose
 * paths can begin as the request's does are asked ({@link RouteReach}).
 */
@Component
class PluginRoutes implements RouterFunction<ServerResponse> {

    private final PluginCatalogue catalogue;
    private final ErrorReplies errors;

    PluginRoutes(PluginCatalogue catalogue, ErrorReplies errors) {
        this.catalogue = catalogue;
        this.errors = errors;
    }

    @Override
    public Optional<HandlerFunction<ServerResponse>> route(ServerRequest request) {
        List<String> path = RouteReach.segments(request);
        for (PluginCatalogue.Routed routed : catalogue.routers()) {
            if (!routed.reach().mayMatch(path)) {
                continue;
            }
            Optional<HandlerFunction<ServerResponse>> handler = routed.router().route(request);
            if (handler.isPresent()) {
                HandlerFunction<ServerResponse> h = handler.get();
                return Optional.of(req -> {
                    try {
                        return h.handle(req);
                    } catch (ApiException e) {
                        var reply = errors.reply(req.servletRequest(), e.status(), e.getMessage(), e.data());
                        return ServerResponse.status(reply.getStatusCode()).contentType(reply.getHeaders().getContentType())
                                .body(reply.getBody());
                    }
                });
            }
        }
        return Optional.empty();
    }
}
