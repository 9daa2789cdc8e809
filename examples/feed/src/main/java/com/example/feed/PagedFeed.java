package com.example.feed;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.RecordSource;
import io.batchworks.plugin.TaskInfo;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records of a paginated HTTP API: {@code GET url?limit=N[&cursor=C]} answers a page, {@code {"records": [...],
 * "next": C}}, {@code next} null on the last. One page is held at a time. The checkpoint is the cursor of the page
 * being read and how many of its records were read ({@code cursor|count}, the first page's cursor empty): a restart
 * asks for that page again and skips what was read of it.
 */
final class PagedFeed implements RecordSource {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Records open(TaskInfo task, String checkpoint) throws IOException, InterruptedException {
        String url = task.params().get("url");
        int pageSize = Integer.parseInt(task.params().getOrDefault("page_size", "100"));
        String cursor = "";
        int skip = 0;
        if (checkpoint != null) {
            int bar = checkpoint.lastIndexOf('|');
            cursor = checkpoint.substring(0, bar);
            skip = Integer.parseInt(checkpoint.substring(bar + 1));
        }
        Pages pages = new Pages(url, pageSize, cursor);
        for (int i = 0; i < skip; i++) {
            pages.next();
        }
        return pages;
    }

    /** The pages from one cursor on, a record at a time. */
    private static final class Pages implements Records {
        private final String url;
        private final int pageSize;
        private String cursor;
        private String next;
        private Iterator<JsonNode> page;
        private int read;

        Pages(String url, int pageSize, String cursor) throws IOException, InterruptedException {
            this.url = url;
            this.pageSize = pageSize;
            load(cursor);
        }

        @Override
        public Map<String, String> next() throws IOException, InterruptedException {
            while (!page.hasNext()) {
                if (next == null) {
                    return null;
                }
                load(next);
            }
            JsonNode record = page.next();
            read++;
            Map<String, String> values = new LinkedHashMap<>();
            record.properties().forEach(e -> values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
            return values;
        }

        @Override
        public String checkpoint() {
            return cursor + "|" + read;
        }

        private void load(String at) throws IOException, InterruptedException {
            String address = url + (url.contains("?") ? "&" : "?") + "limit=" + pageSize
                    + (at.isEmpty() ? "" : "&cursor=" + URLEncoder.encode(at, StandardCharsets.UTF_8));
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new IOException(address + " answered HTTP " + reply.statusCode());
            }
            JsonNode body = JSON.readTree(reply.body());
            cursor = at;
            next = body.path("next").isNull() || body.path("next").isMissingNode() ? null : body.path("next").asString();
            page = body.path("records").iterator();
            read = 0;
        }
    }
}
