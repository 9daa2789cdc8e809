package io.batchworks.engine.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
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
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodyLimits extends OncePerRequestFilter {

    private final ErrorReplies errors;
    private final long maxJson;
    private final long maxUpload;

    BodyLimits(ErrorReplies errors, EngineSettings settings) {
        this.errors = errors;
        this.maxJson = settings.maxJsonSize().toBytes();
        this.maxUpload = settings.maxUploadSize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean json = type != null && type.toLowerCase().contains("json");
        long max = json ? maxJson : maxUpload;
        if (request.getContentLengthLong() > max) {
            errors.write(request, response, 413, "request entity too large", tooLarge(json, max));
            return;
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        // a request without a body (a GET, the console's event stream) has nothing to count: it passes as it came
        chain.doFilter(hasBody ? new Capped(request, max, json) : request, response);
    }

    static ApiException tooLargeError(boolean json, long max) {
        return new ApiException(413, "request entity too large", tooLarge(json, max));
    }

    private static Map<String, Object> tooLarge(boolean json, long max) {
        return Map.of("max_bytes", max, "setting", json ? "batchworks.max-json-size" : "batchworks.max-upload-size");
    }

    /** The request, its body stream failing with a 413 once it has given {@code max} bytes. */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long max;
        private final boolean json;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long max, boolean json) {
            super(request);
            this.max = max;
            this.json = json;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), max, json);
            }
            return stream;
        }
    }

    private static final class CappedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private final boolean json;
        private long read;

        CappedStream(ServletInputStream in, long max, boolean json) {
            this.in = in;
            this.max = max;
            this.json = json;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLargeError(json, max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
