package io.batchworks.engine.plugins;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.batchworks.engine.web.ErrorReplies;
import io.batchworks.plugin.ApiException;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.EntityResponse;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The plugins' HTTP routes as one router, with the engine's error envelope around each handler and JSON as the type of
 * an object reply that names none. Only the routers whose paths can begin as the request's does are asked
 * ({@link RouteReach}).
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
                        return jsonByDefault(h.handle(req));
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

    /**
     * A reply whose body is an object and that names no content type, as JSON: what Spring MVC would choose for it,
     * said ahead, because Spring MVC writes such a reply by first parsing the missing type, which throws (and fills in a
     * stack trace) inside the request. Plugins so write {@code ServerResponse.ok().body(map)} and pay nothing for it.
     */
    static ServerResponse jsonByDefault(ServerResponse reply) {
        if (!(reply instanceof EntityResponse<?> entity) || entity.headers().getContentType() != null) {
            return reply;
        }
        Object body = entity.entity();
        if (body instanceof CharSequence || body instanceof byte[] || body instanceof Resource
                || body instanceof CompletionStage<?>) {
            return reply;
        }
        return EntityResponse.fromObject(body).status(entity.statusCode())
                .headers(h -> h.putAll(entity.headers()))
                .cookies(c -> c.putAll(entity.cookies()))
                .contentType(MediaType.APPLICATION_JSON)
                .build();
    }
}
