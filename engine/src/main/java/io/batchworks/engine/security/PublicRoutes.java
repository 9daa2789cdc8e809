package io.batchworks.engine.security;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.util.AntPathMatcher;

/**
 * The routes of the API anyone may call without a token: the tasks help ({@code GET /v2/tasks}, Kazoo's) and the
 * token exchange ({@code PUT /v2/api_auth}). {@link SecurityConfig} lets them through and {@link SecurityDocs} says
 * so in the API document; every other route of the API needs a token.
 */
final class PublicRoutes {

    record Route(HttpMethod method, String... patterns) {
    }

    static final List<Route> API = List.of(
            new Route(HttpMethod.GET, "/v2/tasks", "/v2/tasks/"),
            new Route(HttpMethod.PUT, "/v2/api_auth", "/v2/api_auth/"));

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private PublicRoutes() {
    }

    /** Whether {@code method} on {@code path} (a path of the API document) needs no token. */
    static boolean isPublic(String method, String path) {
        return API.stream().anyMatch(r -> r.method().matches(method)
                && List.of(r.patterns()).stream().anyMatch(p -> PATHS.match(p, path)));
    }
}
