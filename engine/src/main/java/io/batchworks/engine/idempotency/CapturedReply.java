package io.batchworks.engine.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A reply written to its client as usual, with a copy of its body kept up to a size, so that it can be given again.
 * A reply over the size, or one the container writes later ({@code sendError}), keeps nothing.
 *
 * <p>While its copy is kept, nothing of it reaches the client before the request ends (the response buffer holds it and
 * flushes wait): a client that sees the reply may send the request again at once, and the reply must then be kept
 * already. A reply too large to keep flows as usual.
 */
final class CapturedReply extends HttpServletResponseWrapper {

    private final int most;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;

    CapturedReply(HttpServletResponse response, int most) {
        super(response);
        this.most = most;
        response.setBufferSize(most);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new Copying(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (copy == null) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        copy = null;
        super.sendError(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        copy = null;
        super.sendError(status, message);
    }

    /**
     * The bytes written, as Latin-1 text (one character a byte, so that they come back exactly with
     * {@code getBytes(ISO_8859_1)}); {@code null} when they were not kept.
     */
    String body() {
        if (writer != null) {
            writer.flush();
        }
        return copy == null ? null : copy.toString(StandardCharsets.ISO_8859_1);
    }

    private void keep(byte[] b, int off, int len) {
        if (copy != null && copy.size() + len > most) {
            copy = null;
        } else if (copy != null) {
            copy.write(b, off, len);
        }
    }

    private final class Copying extends ServletOutputStream {

        private final ServletOutputStream out;

        Copying(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            keep(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (copy == null) {
                out.flush();
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
