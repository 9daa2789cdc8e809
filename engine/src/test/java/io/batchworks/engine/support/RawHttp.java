package io.batchworks.engine.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * HTTP spoken by hand on a socket, for what no client sends: a body a byte at a time, a header byte a client would
 * refuse. A read waits 5 s at most.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5_000);
        return s;
    }

    /** The status of the answer waiting on {@code s}, its head and body read (the body by its length); -1 if none came. */
    public static int statusOf(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                head.append((char) b);
            }
        } catch (SocketTimeoutException none) {
            return -1;
        }
        String text = head.toString().toLowerCase();
        int at = text.indexOf("content-length:");
        if (at >= 0) {
            long length = Long.parseLong(text.substring(at + 15, text.indexOf('\r', at)).strip());
            in.readNBytes((int) length);
        }
        return Integer.parseInt(head.substring(9, 12));
    }
}
