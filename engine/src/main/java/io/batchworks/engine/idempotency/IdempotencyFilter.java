package io.batchworks.engine.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.security.AccountCaller;
import io.batchworks.engine.web.ErrorReplies;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Creates that are safe to send again: a {@code PUT} or {@code POST} with an {@code Idempotency-Key} header is answered
 * once per account and key within the window ({@link IdempotencySettings}). The same request again gets the first
 * reply again, with {@code Idempotent-Replayed: true}, and creates nothing; the same key with another request (another
 * path, query, content type or body) is refused with 422; the same key while its first request is still being answered
 * with 409 and a {@code Retry-After}. Only a success is kept: a request refused or failed created nothing, and leaves
 * the key free for the request sent again, fixed or not; so does a success whose reply could not be kept (the
 * container wrote it, or it was too large).
 *
 * <p>It runs after authentication, for any route of the engine or a plugin: the task creates, the numbers plugin's
 * jobs, any create a plugin serves. The body streams through as before, hashed on its way.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    /** The longest reply kept to give again; the replies to creates are envelopes of a few kilobytes. */
    private static final int MOST_KEPT = 65_536;
    /** The most of a body left unread by a handler read to hash the request. */
    private static final long MOST_DRAINED = 1 << 20;

    private final IdempotentReplies replies;
    private final ErrorReplies errors;
    private final long maxBody;

    IdempotencyFilter(IdempotentReplies replies, ErrorReplies errors, EngineSettings settings) {
        this.replies = replies;
        this.errors = errors;
        this.maxBody = settings.maxUploadSize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return request.getHeader(HEADER) == null || !(method.equals("PUT") || method.equals("POST"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        AccountCaller caller = Access.currentCaller().orElse(null);
        if (caller == null) { // the request is refused for want of a token further on
            chain.doFilter(request, response);
            return;
        }
        String accountId = caller.accountId();
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            refuse(request, response, 400, "invalid request", "must be 1 to 255 visible ASCII characters");
            return;
        }
        Optional<IdempotentReplies.Remembered> remembered = replies.claim(accountId, key);
        if (remembered.isPresent()) {
            again(request, response, remembered.get());
            return;
        }
        HashedBody body = new HashedBody(request);
        CapturedReply reply = new CapturedReply(response, MOST_KEPT);
        boolean kept = false;
        try {
            chain.doFilter(body, reply);
            String written = reply.body();
            int status = reply.getStatus();
            if (status >= 200 && status < 300 && written != null && body.drain(MOST_DRAINED)) {
                replies.answer(accountId, key, body.hash(), status, reply.getContentType(), written);
                kept = true;
            }
        } finally {
            if (!kept) {
                replies.release(accountId, key);
            }
        }
    }

    /** A key sent before: its reply again for the same request, else why not. */
    private void again(HttpServletRequest request, HttpServletResponse response, IdempotentReplies.Remembered first)
            throws IOException {
        if (!first.answered()) {
            response.setHeader("Retry-After", "1");
            refuse(request, response, 409, "conflict", "a request with this key is still being answered");
            return;
        }
        HashedBody body = new HashedBody(request);
        if (!body.drain(maxBody) || !body.hash().equals(first.requestHash())) {
            refuse(request, response, 422, "unprocessable entity", "was sent before with another request");
            return;
        }
        response.setStatus(first.status());
        response.setHeader(REPLAYED, "true");
        if (first.contentType() != null) {
            response.setContentType(first.contentType());
        }
        response.getOutputStream().write(first.body().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message, String why)
            throws IOException {
        errors.write(request, response, status, message, Map.of(HEADER, Map.of("message", HEADER + " " + why)));
    }
}
