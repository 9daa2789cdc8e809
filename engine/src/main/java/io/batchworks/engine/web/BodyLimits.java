package io.batchworks.engine.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.EngineSettings;
import io.batchworks.plugin.ApiException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body: a JSON body (read whole by the routes) at {@code batchworks.max-json-size}, any other
 * (uploads, streamed to disk) at {@code batchworks.max-upload-size}. A declared length over the cap is refused before
 * a byte is read; a body that runs over while it is read fails its read, and its route answers 413 in its envelope
 * (an upload's partial file is removed with its task).
 * <p>
 * A body holds a thread of the web server while it arrives, so bodies are also limited in number and pace
 * ({@code batchworks.bodies.*}): past {@code slots} at once a request with a body is refused with 503 and a
 * {@code Retry-After} before its body is read, and a body arriving slower than {@code min-rate} once {@code grace} has
 * passed fails its read with 408. Requests without a body (health, lookups, the API's reads) never wait for them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodyLimits extends OncePerRequestFilter {

    private final ErrorReplies errors;
    private final long maxJson;
    private final long maxUpload;
    private final EngineSettings.Bodies bodies;
    private final Semaphore slots;

    BodyLimits(ErrorReplies errors, EngineSettings settings) {
        this.errors = errors;
        this.maxJson = settings.maxJsonSize().toBytes();
        this.maxUpload = settings.maxUploadSize().toBytes();
        this.bodies = settings.bodies();
        this.slots = new Semaphore(bodies.slots());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean json = type != null && type.toLowerCase().contains("json") && !type.toLowerCase().contains("ndjson"); // JSON lines stream
        long max = json ? maxJson : maxUpload;
        if (request.getContentLengthLong() > max) {
            errors.write(request, response, 413, "request entity too large", tooLarge(json, max));
            return;
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            chain.doFilter(request, response); // a GET, the console's event stream: nothing to count, no slot to hold
            return;
        }
        if (!slots.tryAcquire()) {
            response.setHeader("Retry-After", "5");
            response.setHeader("Connection", "close"); // what the client has not sent yet is not waited for
            errors.write(request, response, 503, "too many request bodies are being received at once; try again shortly",
                    Map.of("slots", bodies.slots(), "setting", "batchworks.bodies.slots"));
            return;
        }
        try {
            chain.doFilter(new Capped(request, max, json, bodies), response);
        } finally {
            slots.release();
        }
    }

    static ApiException tooLargeError(boolean json, long max) {
        return new ApiException(413, "request entity too large", tooLarge(json, max));
    }

    private static Map<String, Object> tooLarge(boolean json, long max) {
        return Map.of("max_bytes", max, "setting", json ? "batchworks.max-json-size" : "batchworks.max-upload-size");
    }

    /**
     * The request, its body stream failing with a 413 once it has given {@code max} bytes, and with a 408 when it
     * arrives slower than the bodies' settings allow.
     */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long max;
        private final boolean json;
        private final EngineSettings.Bodies pace;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long max, boolean json, EngineSettings.Bodies pace) {
            super(request);
            this.max = max;
            this.json = json;
            this.pace = pace;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), max, json, pace);
            }
            return stream;
        }
    }

    private static final class CappedStream extends WatchedInput {
        private final long max;
        private final boolean json;
        private final long graceNanos;
        private final long minBytesPerSecond;
        private final long since = System.nanoTime();
        private long read;

        CappedStream(ServletInputStream in, long max, boolean json, EngineSettings.Bodies pace) {
            super(in);
            this.max = max;
            this.json = json;
            this.graceNanos = pace.grace().toNanos();
            this.minBytesPerSecond = pace.minRate().toBytes();
        }

        @Override
        protected void read(byte[] buffer, int offset, int length, int n) {
            if (n > 0) {
                count(n);
            }
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLargeError(json, max);
            }
            long elapsed = System.nanoTime() - since;
            if (elapsed > graceNanos && read < minBytesPerSecond * (elapsed / 1_000_000_000L)) {
                throw new ApiException(408, "request body arrives too slowly", Map.of("min_bytes_per_second", minBytesPerSecond,
                        "read_bytes", read, "setting", "batchworks.bodies.min-rate"));
            }
        }
    }
}
