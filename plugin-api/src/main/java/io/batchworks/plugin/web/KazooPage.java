package io.batchworks.plugin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.plugin.ApiException;

/**
 * Kazoo's paging of a listing: {@code page_size} and {@code start_key} in; {@code page_size}, {@code start_key}
 * and {@code next_start_key} beside {@code data} out. Fetch {@link #fetchSize()} rows starting at the start key:
 * the one past the page, if any, gives the next start key.
 */
public final class KazooPage {

    /** Kazoo's page size when {@code page_size} is absent. */
    public static final int DEFAULT_SIZE = 50;
    /** The largest {@code page_size} accepted. */
    public static final int MAX_SIZE = 1000;

    private final int size;
    private final String startKey;

    private KazooPage(int size, String startKey) {
        this.size = size;
        this.startKey = startKey;
    }

    /** The request's {@code page_size} (default 50, at most 1000; 400 otherwise) and {@code start_key}. */
    public static KazooPage of(HttpServletRequest request) {
        String raw = request.getParameter("page_size");
        int size = DEFAULT_SIZE;
        if (raw != null) {
            try {
                size = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > MAX_SIZE) {
                throw ApiException.badRequest("page_size", "page_size must be an integer from 1 to " + MAX_SIZE);
            }
        }
        String start = request.getParameter("start_key");
        return new KazooPage(size, start == null || start.isBlank() ? null : start.strip());
    }

    /** How many entries this page holds at most. */
    public int size() {
        return size;
    }

    /** The client's start key, or {@code null} for the first page. */
    public String startKey() {
        return startKey;
    }

    /** How many rows to fetch: one more than the page, to know the next start key. */
    public int fetchSize() {
        return size + 1;
    }

    /**
     * The success envelope of one page.
     *
     * @param fetched rows fetched from the start key, at most {@link #fetchSize()}
     * @param view    a row as the API shows it
     * @param key     a row's start key, as the client sends it back
     */
    public <T> Map<String, Object> reply(HttpServletRequest request, List<T> fetched, Function<T, ?> view,
                                         Function<T, String> key) {
        List<Object> data = new ArrayList<>(Math.min(fetched.size(), size));
        fetched.stream().limit(size).forEach(row -> data.add(view.apply(row)));
        Map<String, Object> body = KazooEnvelope.success(request, data);
        body.put("page_size", data.size());
        if (startKey != null) {
            body.put("start_key", startKey);
        }
        if (fetched.size() > size) {
            body.put("next_start_key", key.apply(fetched.get(size)));
        }
        return body;
    }
}
