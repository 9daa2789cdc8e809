package io.batchworks.engine.tasks;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.PrivateAddresses;
import io.batchworks.plugin.ApiException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A task's input fetched from a URL ({@code input_url}), streamed: only from the hosts of
 * {@code batchworks.inputs.allowed-hosts} (a name, or {@code *.example.com} for the names under it), a private address
 * ({@link PrivateAddresses}) only by its exact name; each redirect's target checked the same way; within the settings'
 * timeouts. The body is asked for as gzip, and a body shorter than its declared length is a cut fetch. A URL refused
 * is a 400 naming {@code input_url} (and the setting); a source that fails or is cut off, a 502 naming it.
 */
@Component
class InputFetch {

    static final String PARAM = "input_url";
    private static final String SETTING = "batchworks.inputs.allowed-hosts";
    private static final int MOST_REDIRECTS = 5;

    private final EngineSettings.Inputs settings;
    private final List<String> allowed;

    @Autowired
    InputFetch(EngineSettings settings) {
        this(settings.inputs());
    }

    InputFetch(EngineSettings.Inputs settings) {
        this.settings = settings;
        this.allowed = settings.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** A fetch under way: its body, whether the source sent it as gzip, and its media type. */
    record Fetched(InputStream body, boolean gzip, String contentType, HttpURLConnection connection) implements Closeable {
        @Override
        public void close() {
            connection.disconnect();
        }
    }

    /** Checks the URL and opens its body, following redirects the same checks allow. */
    Fetched open(String url) {
        URI uri = check(url);
        for (int hop = 0; ; hop++) {
            HttpURLConnection connection;
            int status;
            try {
                connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setInstanceFollowRedirects(false);
                connection.setConnectTimeout((int) settings.connectTimeout().toMillis());
                connection.setReadTimeout((int) settings.readTimeout().toMillis());
                connection.setRequestProperty("Accept-Encoding", "gzip");
                connection.setRequestProperty("User-Agent", "batchworks");
                status = connection.getResponseCode();
            } catch (IOException e) {
                throw failed(uri + " could not be fetched: " + e);
            }
            String location = connection.getHeaderField("Location");
            if (status / 100 == 3 && location != null) {
                connection.disconnect();
                if (hop == MOST_REDIRECTS) {
                    throw failed(url + " redirects more than " + MOST_REDIRECTS + " times");
                }
                uri = check(uri.resolve(location).toString());
                continue;
            }
            if (status != 200) {
                connection.disconnect();
                String why = uri + " answered HTTP " + status;
                throw status >= 500 ? failed(why) : refused(why, null);
            }
            try {
                return new Fetched(new Whole(connection.getInputStream(), connection.getContentLengthLong(), uri),
                        "gzip".equalsIgnoreCase(connection.getContentEncoding()),
                        connection.getContentType() == null ? "" : connection.getContentType().toLowerCase(Locale.ROOT), connection);
            } catch (IOException e) {
                connection.disconnect();
                throw failed(uri + " could not be fetched: " + e);
            }
        }
    }

    /** The name a URL gives its file: the last part of its path, or {@code null}. */
    static String fileName(String url) {
        String path = URI.create(url).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? null : name;
    }

    /** The URL, if it may be fetched: 400 naming {@code input_url}, and the setting where it decides. */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("input_url is not a URL: " + url, null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw refused("input_url must be an http or https URL with a host", null);
        }
        if (allowed.isEmpty()) {
            throw refused("no host is allowed: inputs are fetched only from the hosts of " + SETTING, SETTING);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowed.contains(host)) {
            return uri;
        }
        if (allowed.stream().noneMatch(a -> a.startsWith("*.") && host.endsWith(a.substring(1)))) {
            throw refused("input_url's host " + host + " is not in " + SETTING, SETTING);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (PrivateAddresses.is(address)) {
                    throw refused("input_url's host " + host + " is " + address.getHostAddress() + ", a loopback, link-local or"
                            + " metadata address: only its exact name in " + SETTING + " lets it through", SETTING);
                }
            }
        } catch (UnknownHostException e) {
            throw refused("input_url's host " + host + " is not known", null);
        }
        return uri;
    }

    private static ApiException refused(String message, String setting) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        if (setting != null) {
            detail.put("setting", setting);
        }
        return new ApiException(400, message, Map.of(PARAM, detail));
    }

    private static ApiException failed(String message) {
        return new ApiException(502, message, Map.of(PARAM, Map.of("message", message)));
    }

    /**
     * The body, all of it: a read that fails, or an end before the declared length, is a 502 (unchecked, so that it
     * passes through the CSV parser unchanged).
     */
    private static final class Whole extends FilterInputStream {
        private final long length;
        private final URI uri;
        private long read;

        Whole(InputStream in, long length, URI uri) {
            super(in);
            this.length = length;
            this.uri = uri;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw failed("the fetch of " + uri + " was cut after " + read + " bytes: " + e.getMessage());
            }
            if (n < 0 && length >= 0 && read < length) {
                throw failed("the fetch of " + uri + " ended after " + read + " of its " + length + " bytes");
            }
            read += Math.max(n, 0);
            return n;
        }
    }
}
