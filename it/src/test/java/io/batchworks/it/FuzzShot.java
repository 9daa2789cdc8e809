package io.batchworks.it;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request of the fuzzer: its number in the seeded sequence, method, raw target (bytes, so that it can break
 * HTTP's rules), headers, body and the caller whose token it carries.
 */
record FuzzShot(int n, String method, byte[] target, Map<String, String> headers, byte[] body, String who) {
    String path() {
        String t = new String(target, StandardCharsets.ISO_8859_1);
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /**
     * Whether the request target has only the characters HTTP allows in one (RFC 9112, RFC 3986) and fits in the
     * server's 8 KB request head.
     */
    boolean lawfulTarget() {
        if (target.length > 7_000) {
            return false;
        }
        for (int i = 0; i < target.length; i++) {
            int c = target[i] & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}[]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String t = new String(target, StandardCharsets.ISO_8859_1);
        return "#" + n + " " + method + " " + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + " as " + who + " "
                + headers.getOrDefault("Content-Type", "") + " body " + (body == null ? 0 : body.length) + " bytes";
    }
}
