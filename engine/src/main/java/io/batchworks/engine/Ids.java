package io.batchworks.engine;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Kazoo-style identifiers and secrets: lower-case hex. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** 32 hex characters, like a Kazoo document id. */
    public static String newId() {
        return random(16);
    }

    /**
     * 32 hex characters for a request's id, which finds the request in logs and is no secret: drawn without the
     * secure generator, which takes a lock (and reads the system's entropy) on every request.
     */
    public static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    /** 64 hex characters, for API keys and tokens. */
    public static String newSecret() {
        return random(32);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
