package io.batchworks.engine.idempotency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.batchworks.engine.web.WatchedInput;

/**
 * A request whose body is hashed as it is read, with its method, path, query and content type: two requests with the
 * same hash are the same request. Nothing of the body is kept, so a body of any size streams through.
 */
final class HashedBody extends HttpServletRequestWrapper {

    private final MessageDigest digest;
    private ServletInputStream stream;
    private BufferedReader reader;
    private boolean ended;

    HashedBody(HttpServletRequest request) {
        super(request);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (String part : new String[] {request.getMethod(), request.getRequestURI(), request.getQueryString(),
                request.getContentType()}) {
            digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Hashing(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }

    /** Reads what the handler left of the body, at most {@code most} bytes: true when the body was read to its end. */
    boolean drain(long most) {
        byte[] buffer = new byte[8192];
        try {
            long left = most;
            while (!ended && left >= 0) { // one byte past the most, to see the end right after it
                int n = getInputStream().read(buffer, 0, (int) Math.min(buffer.length, left + 1));
                left -= Math.max(n, 0);
            }
        } catch (IOException e) {
            return false;
        }
        return ended;
    }

    /**
     * The request's hash, once its body was read to its end ({@link #drain}). A form body the server parsed into
     * parameters was read past this wrapper, so the parameters count instead.
     */
    String hash() {
        String type = getContentType();
        if (type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            for (Map.Entry<String, String[]> p : new TreeMap<>(getParameterMap()).entrySet()) {
                digest.update(p.getKey().getBytes(StandardCharsets.UTF_8));
                for (String value : p.getValue()) {
                    digest.update((byte) 0);
                    digest.update(value.getBytes(StandardCharsets.UTF_8));
                }
                digest.update((byte) 1);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private final class Hashing extends WatchedInput {

        Hashing(ServletInputStream in) {
            super(in);
        }

        @Override
        protected void read(byte[] buffer, int offset, int length, int n) {
            if (n < 0) {
                ended = true;
            } else {
                digest.update(buffer, offset, n);
            }
        }
    }
}
