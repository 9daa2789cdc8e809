package io.batchworks.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.PUT;
import static org.springframework.web.servlet.function.RequestPredicates.headers;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/** Which paths a router is asked for: never fewer than it can match. */
class RouteReachTest {

    private static final HandlerFunction<ServerResponse> OK = r -> ServerResponse.ok().build();

    private static boolean reaches(RouterFunction<ServerResponse> router, String path) {
        List<String> segments = path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
        return RouteReach.of(router).mayMatch(segments);
    }

    @Test
    void routesAreReachedByThePathsTheirPatternsBeginWith() {
        RouterFunction<ServerResponse> rates = RouterFunctions.route()
                .GET("/v2/rates/number/{number}", OK)
                .GET("/v2/accounts/{account}/rates/number/{number}", OK)
                .PUT("/v2/rates", OK)
                .build();
        assertThat(reaches(rates, "/v2/rates/number/4930")).isTrue();
        assertThat(reaches(rates, "/v2/rates")).isTrue();
        assertThat(reaches(rates, "/v2/accounts/abc/rates/number/1")).isTrue();
        assertThat(reaches(rates, "/v2/accounts/abc/users")).isTrue(); // the pattern's literal part ends at {account}
        assertThat(reaches(rates, "/v2/tasks")).isFalse();
        assertThat(reaches(rates, "/v2/plugins")).isFalse();
        assertThat(reaches(rates, "/v2")).isFalse();
        assertThat(reaches(rates, "/V2/RATES/number/1")).isTrue(); // a parser may ignore case: never skipped for it
    }

    @Test
    void nestsJoinTheirPathsToTheirRoutes() {
        RouterFunction<ServerResponse> reports = RouterFunctions.route()
                .path("/private", b -> b.nest(path("/reports"), n -> n.GET("", OK).GET("/{id}", OK)))
                .path("/v2/task/{kind}", b -> b.GET("/reprocesses", OK))
                .build();
        assertThat(reaches(reports, "/private/reports")).isTrue();
        assertThat(reaches(reports, "/private/reports/7")).isTrue();
        assertThat(reaches(reports, "/private/other")).isFalse();
        assertThat(reaches(reports, "/v2/task/anything/else")).isTrue(); // after a variable, nothing more is known
        assertThat(reaches(reports, "/v2/tasks")).isFalse();
    }

    @Test
    void whatIsNotUnderstoodReachesEveryPath() {
        RouterFunction<ServerResponse> byHeader = RouterFunctions.route(headers(h -> true), OK);
        RouterFunction<ServerResponse> negated = RouterFunctions.route(path("/a").negate(), OK);
        RouterFunction<ServerResponse> either = RouterFunctions.route(GET("/a").or(headers(h -> true)), OK);
        RouterFunction<ServerResponse> own = request -> Optional.empty();
        RouterFunction<ServerResponse> withOwn = RouterFunctions.route(PUT("/a"), OK).and(own);
        for (RouterFunction<ServerResponse> router : List.of(byHeader, negated, either, withOwn)) {
            assertThat(reaches(router, "/anything/at/all")).as(router.toString()).isTrue();
        }
        RouterFunction<ServerResponse> bothPaths = RouterFunctions.route(GET("/a").or(GET("/b/{x}")), OK);
        assertThat(reaches(bothPaths, "/b/1")).isTrue();
        assertThat(reaches(bothPaths, "/c")).isFalse();
    }
}
