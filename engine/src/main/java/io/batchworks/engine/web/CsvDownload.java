package io.batchworks.engine.web;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.Gzip;

import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A CSV file sent as a download: {@code text/csv} in UTF-8, saved under the name given, streamed. A client that
 * accepts gzip ({@code Accept-Encoding}) gets it compressed ({@code Content-Encoding: gzip}), a file kept as gzip as it
 * is; any other client gets it plain. A file on this node's disk sent as it is kept has its length, and goes by the
 * web server's sendfile where it has one.
 */
public final class CsvDownload {

    private static final int BUFFER = 1 << 16;
    /**
     * Tomcat's sendfile, as its own file servlet uses it: where the connector offers it, a request naming a file and a
     * range in these attributes is answered with that file, sent by the kernel without passing through the JVM.
     */
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_FILE = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
    private static final MediaType TYPE = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private CsvDownload() {
    }

    private static String disposition(String fileName) {
        return ContentDisposition.attachment().filename(fileName).build().toString();
    }

    /**
     * Sends the stored file as the reply, saved as {@code fileName}: written here, streamed, compressed or not as the
     * client accepts. Headers of the caller's own are set on {@code response} before.
     */
    public static void send(HttpServletRequest request, HttpServletResponse response, String fileName, Resource stored) throws IOException {
        try (InputStream in = new BufferedInputStream(stored.getInputStream(), BUFFER)) {
            boolean kept = Gzip.begins(in);
            boolean gzip = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
            response.setStatus(200);
            response.setContentType(TYPE.toString());
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition(fileName));
            response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            if (gzip) {
                response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
            if (gzip == kept && stored.isFile()) {
                long length = stored.contentLength();
                response.setContentLengthLong(length);
                if (Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
                    // the web server copies the file to the socket in the kernel, after this handler returns
                    request.setAttribute(SENDFILE_FILE, stored.getFile().getAbsolutePath());
                    request.setAttribute(SENDFILE_START, 0L);
                    request.setAttribute(SENDFILE_END, length);
                    return;
                }
            }
            OutputStream out = response.getOutputStream();
            if (gzip && !kept) {
                OutputStream compressed = new GZIPOutputStream(out, BUFFER);
                in.transferTo(compressed);
                compressed.close();
            } else if (kept && !gzip) {
                new GZIPInputStream(in, BUFFER).transferTo(out);
            } else {
                in.transferTo(out);
            }
        }
    }

    /** Whether an {@code Accept-Encoding} header takes gzip: named (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
            String[] coding = part.split(";");
            String name = coding[0].strip();
            if (name.equals("gzip") || name.equals("x-gzip") || name.equals("*")) {
                boolean refused = coding.length > 1 && coding[1].replace(" ", "").matches("q=0(\\.0*)?");
                return !refused;
            }
        }
        return false;
    }
}
