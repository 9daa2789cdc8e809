package io.batchworks.engine.plugins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.batchworks.plugin.web.RouteDoc;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The routes a plugin's {@link RouterFunction} serves, read with Spring's visitors (the way Spring prints a router):
 * each route's methods and path pattern, nested paths joined. A route whose path cannot be read is left out.
 */
final class RouteList {

    /**
     * One route: its HTTP methods (empty: any), path pattern, e.g. {@code /api/v1/scheduling/jobs/{id}}, and what the
     * plugin says of it ({@link RouteDoc}), or {@code null}.
     */
    record Route(Set<String> methods, String path, RouteDoc doc) {
    }

    private RouteList() {
    }

    static List<Route> of(RouterFunction<?> router) {
        List<Route> routes = new ArrayList<>();
        Deque<String> prefixes = new ArrayDeque<>();
        RouteDoc[] pending = {null}; // a route's attributes are visited just before the route
        router.accept(new RouterFunctions.Visitor() {
            @Override
            public void startNested(RequestPredicate predicate) {
                Route nested = read(predicate);
                prefixes.push(prefix() + (nested.path() == null ? "" : nested.path()));
            }

            @Override
            public void endNested(RequestPredicate predicate) {
                prefixes.pop();
            }

            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
                Route route = read(predicate);
                if (route.path() != null) {
                    routes.add(new Route(route.methods(), prefix() + route.path(), pending[0]));
                }
                pending[0] = null;
            }

            @Override
            public void resources(Function<ServerRequest, Optional<Resource>> lookup) {
            }

            @Override
            public void attributes(Map<String, Object> attributes) {
                pending[0] = attributes.get(RouteDoc.ATTRIBUTE) instanceof RouteDoc doc ? doc : null;
            }

            @Override
            public void unknown(RouterFunction<?> function) {
            }

            private String prefix() {
                return prefixes.isEmpty() ? "" : prefixes.peek();
            }
        });
        return routes;
    }

    /** The methods and path a predicate asks for. */
    private static Route read(RequestPredicate predicate) {
        Set<String> methods = new TreeSet<>();
        String[] path = {null};
        predicate.accept(new RequestPredicates.Visitor() {
            @Override
            public void method(Set<HttpMethod> asked) {
                asked.forEach(m -> methods.add(m.name()));
            }

            @Override
            public void path(String pattern) {
                path[0] = path[0] == null ? pattern : path[0] + pattern;
            }

            @Override
            public void pathExtension(String extension) {
            }

            @Override
            public void header(String name, String value) {
            }

            @Override
            public void param(String name, String value) {
            }

            @Override
            public void version(String version) {
            }

            @Override
            public void startAnd() {
            }

            @Override
            public void and() {
            }

            @Override
            public void endAnd() {
            }

            @Override
            public void startOr() {
            }

            @Override
            public void or() {
            }

            @Override
            public void endOr() {
            }

            @Override
            public void startNegate() {
            }

            @Override
            public void endNegate() {
            }

            @Override
            public void unknown(RequestPredicate unknown) {
            }
        });
        return new Route(methods, path[0], null);
    }
}
