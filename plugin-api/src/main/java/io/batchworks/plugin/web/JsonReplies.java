package io.batchworks.plugin.web;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A plugin route's reply with a JSON body. Use it rather than {@code ServerResponse.ok().body(...)}: Spring MVC writes
 * a functional reply that names no content type by first trying to parse the missing type, which throws (and fills
 * in a stack trace) inside every request; that was a tenth of a rate lookup's CPU. The bytes written are the same.
 */
public final class JsonReplies {

    private JsonReplies() {
    }

    /** {@code body} written as JSON with the HTTP status {@code status}. */
    public static ServerResponse of(int status, Object body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
