package io.batchworks.engine.web;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/** A request body read through to the one beneath, each piece read shown to {@link #read(byte[], int, int, int)}. */
public abstract class WatchedInput extends ServletInputStream {

    private final ServletInputStream in;
    private final byte[] one = new byte[1];

    protected WatchedInput(ServletInputStream in) {
        this.in = in;
    }

    /**
     * Sees a piece of the body as it is read.
     *
     * @param n how many bytes were read into {@code buffer} from {@code offset}; -1 at the end of the body
     */
    protected abstract void read(byte[] buffer, int offset, int length, int n) throws IOException;

    @Override
    public final int read() throws IOException {
        int b = in.read();
        one[0] = (byte) b;
        read(one, 0, 1, b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        read(buffer, offset, length, n);
        return n;
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
