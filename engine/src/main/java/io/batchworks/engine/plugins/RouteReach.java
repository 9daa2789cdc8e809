package io.batchworks.engine.plugins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The paths a plugin's router can match, read once from its routes' predicates with Spring's visitors: the literal
 * leading segments of each route's path pattern ({@code /v2/rates/number/{number}} begins {@code v2/rates/number}).
 * Every request goes through the plugins' routers before the engine's own mappings, and testing a router's predicates
 * cost a sixth of a request; a router whose paths cannot begin as the request's does is not asked. What is not
 * understood (a route without a path, an OR of paths with one that is not, a NOT, a router or predicate of the plugin's
 * own kind, resources) makes the router reachable by every path: a router is only ever skipped when it could not match.
 * ({@link RouteList} reads the same visitors for the API document, where the opposite rule holds: what it cannot read
 * it leaves out.)
 */
final class RouteReach {

    private static final RouteReach EVERY_PATH = new RouteReach(null);

    /** Literal leading segments, one list per route; null: every path. */
    private final List<List<String>> prefixes;

    private RouteReach(List<List<String>> prefixes) {
        this.prefixes = prefixes;
    }

    static RouteReach of(RouterFunction<?> router) {
        Routes routes = new Routes();
        try {
            router.accept(routes);
        } catch (RuntimeException e) {
            return EVERY_PATH; // a plugin's own router that cannot be walked is still asked, as before
        }
        return routes.everyPath ? EVERY_PATH : new RouteReach(routes.found.stream().map(Prefix::segments).distinct().toList());
    }

    /** The request's path segments, decoded, as the path patterns match them. */
    static List<String> segments(ServerRequest request) {
        List<String> segments = new ArrayList<>();
        for (PathContainer.Element e : request.requestPath().pathWithinApplication().elements()) {
            if (e instanceof PathContainer.PathSegment segment) {
                segments.add(segment.valueToMatch());
            }
        }
        return segments;
    }

    boolean mayMatch(List<String> segments) {
        if (prefixes == null) {
            return true;
        }
        for (List<String> prefix : prefixes) {
            if (beginsWith(segments, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean beginsWith(List<String> segments, List<String> prefix) {
        if (segments.size() < prefix.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!segments.get(i).equalsIgnoreCase(prefix.get(i))) { // a parser may match without case: never skip then
                return false;
            }
        }
        return true;
    }

    /** Literal leading segments; {@code whole}: the pattern was all literal, so a nested pattern's segments follow. */
    private record Prefix(List<String> segments, boolean whole) {

        static final Prefix ROOT = new Prefix(List.of(), true);

        static Prefix parse(String pattern) {
            List<String> literal = new ArrayList<>();
            String[] parts = pattern.startsWith("/") ? pattern.substring(1).split("/", -1) : pattern.split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                if (part.isEmpty() && last) {
                    break; // "/" or a trailing slash
                }
                if (part.isEmpty() || part.indexOf('{') >= 0 || part.indexOf('*') >= 0 || part.indexOf('?') >= 0) {
                    return new Prefix(List.copyOf(literal), false);
                }
                literal.add(part);
            }
            return new Prefix(List.copyOf(literal), true);
        }

        Prefix then(Prefix inner) {
            if (!whole) {
                return this;
            }
            List<String> joined = new ArrayList<>(segments);
            joined.addAll(inner.segments);
            return new Prefix(List.copyOf(joined), inner.whole);
        }
    }

    /** Walks a router: each route's prefixes, after those of the nests around it. */
    private static final class Routes implements RouterFunctions.Visitor {
        private final Deque<List<Prefix>> nests = new ArrayDeque<>(List.of(List.of(Prefix.ROOT)));
        private final List<Prefix> found = new ArrayList<>();
        private boolean everyPath;

        private List<Prefix> within(RequestPredicate predicate) {
            List<Prefix> inner = Paths.of(predicate);
            if (inner == null) {
                return nests.peek();
            }
            List<Prefix> joined = new ArrayList<>();
            for (Prefix outer : nests.peek()) {
                inner.forEach(i -> joined.add(outer.then(i)));
            }
            return joined;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            nests.push(within(predicate));
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            nests.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
            found.addAll(within(predicate));
        }

        @Override
        public void resources(Function<ServerRequest, Optional<Resource>> lookupFunction) {
            everyPath = true;
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            everyPath = true;
        }
    }

    /**
     * The path prefixes a request must begin with to satisfy a predicate, or null when it sets none that is understood.
     * The visitor reports a predicate's tree as events; each open AND, OR or NOT collects its operands' answers.
     */
    private static final class Paths implements RequestPredicates.Visitor {
        private enum Kind { AND, OR, NOT }

        private record Open(Kind kind, List<List<Prefix>> operands) {
        }

        private final Deque<Open> open = new ArrayDeque<>();
        private List<Prefix> result;

        static List<Prefix> of(RequestPredicate predicate) {
            Paths paths = new Paths();
            predicate.accept(paths);
            return paths.result;
        }

        private void answer(List<Prefix> prefixes) {
            if (open.isEmpty()) {
                result = prefixes;
            } else {
                open.peek().operands().add(prefixes);
            }
        }

        private void start(Kind kind) {
            open.push(new Open(kind, new ArrayList<>()));
        }

        private void end() {
            Open done = open.pop();
            List<Prefix> prefixes = switch (done.kind()) {
                // every operand must hold, so any one operand's paths do
                case AND -> done.operands().stream().filter(p -> p != null).findFirst().orElse(null);
                // any operand may hold: the paths of all, unless one sets none
                case OR -> done.operands().contains(null) ? null
                        : done.operands().stream().flatMap(List::stream).toList();
                case NOT -> null;
            };
            answer(prefixes);
        }

        @Override
        public void path(String pattern) {
            answer(List.of(Prefix.parse(pattern)));
        }

        @Override
        public void method(Set<HttpMethod> methods) {
            answer(null);
        }

        @Override
        public void pathExtension(String extension) {
            answer(null);
        }

        @Override
        public void header(String name, String value) {
            answer(null);
        }

        @Override
        public void param(String name, String value) {
            answer(null);
        }

        @Override
        public void version(String version) {
            answer(null);
        }

        @Override
        public void unknown(RequestPredicate predicate) {
            answer(null);
        }

        @Override
        public void startAnd() {
            start(Kind.AND);
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
            end();
        }

        @Override
        public void startOr() {
            start(Kind.OR);
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
            end();
        }

        @Override
        public void startNegate() {
            start(Kind.NOT);
        }

        @Override
        public void endNegate() {
            end();
        }
    }
}
