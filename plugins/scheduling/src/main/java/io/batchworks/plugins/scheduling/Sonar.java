package io.batchworks.plugins.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** Sonar's success envelopes: {@code {"data": ...}}, and for lists {@code paginator} beside it. */
final class Sonar {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Sonar() {
    }

    static ServerResponse ok(Object data) {
        return ServerResponse.status(200).body(Map.of("data", data));
    }

    static ServerResponse created(Object data) {
        return ServerResponse.status(201).body(Map.of("data", data));
    }

    static ServerResponse deleted() {
        return ok(Map.of("success", true));
    }

    /** A page asked for by {@code limit} (default 100, at most 1000) and {@code page} (from 1). */
    record Page(int limit, int page) {

        static Page of(ServerRequest request) {
            Input query = Input.query(request);
            long limit = query.integer("limit").orElse((long) DEFAULT_LIMIT);
            long page = query.integer("page").orElse(1L);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw SonarErrors.invalid("limit", "The limit must be between 1 and " + MAX_LIMIT + ".");
            }
            if (page < 1) {
                throw SonarErrors.invalid("page", "The page must be at least 1.");
            }
            return new Page((int) limit, (int) Math.min(page, Integer.MAX_VALUE / MAX_LIMIT));
        }

        long offset() {
            return (long) (page - 1) * limit;
        }

        /**
         * The page's reply: {@code rows} reads {@code limit} rows from {@code offset}; {@code total} is the count of all.
         */
        ServerResponse reply(long total, BiFunction<Integer, Long, List<?>> rows) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", rows.apply(limit, offset()));
            Map<String, Object> paginator = new LinkedHashMap<>();
            paginator.put("total_count", total);
            paginator.put("total_pages", (total + limit - 1) / limit);
            paginator.put("current_page", page);
            paginator.put("limit", limit);
            body.put("paginator", paginator);
            return ServerResponse.status(200).body(body);
        }
    }
}
