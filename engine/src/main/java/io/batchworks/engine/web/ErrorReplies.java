package io.batchworks.engine.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error the API answers: in Kazoo's error envelope, or on the paths of another API family (CloudKitty's, Taler's,
 * Sonar's) in that family's shape, whichever part of the engine refuses the request.
 */
@RestControllerAdvice
public class ErrorReplies {

    private static final Logger log = LoggerFactory.getLogger(ErrorReplies.class);
    private final JsonMapper json;
    private final ErrorFamilies families;

    public ErrorReplies(JsonMapper json, ErrorFamilies families) {
        this.json = json;
        this.families = families;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
        return reply(request, e.status(), e.getMessage(), e.data());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Object> notFound(NoResourceFoundException e, HttpServletRequest request) {
        return reply(request, 404, "not found", Map.of("path", request.getRequestURI()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return reply(request, 405, "method not allowed", Map.of("method", e.getMethod()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Object> missingParam(MissingServletRequestParameterException e, HttpServletRequest request) {
        return reply(request, 400, "invalid request",
                Map.of(e.getParameterName(), Map.of("required", Map.of("message", "Field is required but missing"))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return reply(request, 400, "invalid request", Map.of("data", Map.of("message", "request body is not valid JSON")));
    }

    /** A body a route read itself that is not JSON, or nests deeper than Jackson's limit. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<Object> badJson(JacksonException e, HttpServletRequest request) {
        String why = e instanceof StreamConstraintsException ? "request body nests too deeply or is too long"
                : "request body is not valid JSON";
        return reply(request, 400, "invalid request", Map.of("data", Map.of("message", why)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return reply(request, 415, "unsupported media type", Map.of("content_type", String.valueOf(e.getContentType())));
    }

    /** A {@code Content-Type} that is no media type, met where a route reads it (a plugin's route, say). */
    @ExceptionHandler(InvalidMediaTypeException.class)
    ResponseEntity<Object> notAMediaType(InvalidMediaTypeException e, HttpServletRequest request) {
        return reply(request, 415, "unsupported media type", Map.of("content_type", e.getMediaType()));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return reply(request, 406, "not acceptable", Map.of("accept", String.valueOf(request.getHeader("Accept"))));
    }

    /** A query or form parameter whose percent-encoding is broken or not UTF-8 (the container refuses to decode it). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> badParameter(InvalidParameterException e, HttpServletRequest request) {
        return reply(request, 400, "invalid request", Map.of("data", Map.of("message", "a parameter is not valid percent-encoded UTF-8")));
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<Object> noDatabase(Exception e, HttpServletRequest request) {
        return unavailable(request, e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> internal(Exception e, HttpServletRequest request) {
        log.error("Request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return reply(request, 500, "internal server error", Map.of());
    }

    /** Whether a failure is the database out of reach (a cut link, an outage, no connection to be had). */
    static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    /** 503 with {@code Retry-After}: the database cannot be reached now, and the same request may well work soon. */
    ResponseEntity<Object> unavailable(HttpServletRequest request, Throwable e) {
        log.warn("Request {} {}: the database cannot be reached ({})", request.getMethod(), request.getRequestURI(), e.toString());
        return ResponseEntity.status(503).header("Retry-After", "5").contentType(MediaType.APPLICATION_JSON)
                .body(body(request, 503, "service unavailable", Map.of("reason", "the database cannot be reached; try again")));
    }

    public ResponseEntity<Object> reply(HttpServletRequest request, int status, String message, Map<String, ?> data) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(request, status, message, data));
    }

    /** For errors raised outside Spring MVC (the security filters, the container). */
    public void write(HttpServletRequest request, HttpServletResponse response, int status, String message, Map<String, ?> data)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(request, status, message, data));
    }

    /** The error's body: the family's of the path the request was sent to, else Kazoo's envelope with {@code data}. */
    public Object body(HttpServletRequest request, int status, String message, Map<String, ?> data) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI); // the error page's request: its cause's path
        return body(request, forwarded instanceof String uri ? uri : request.getRequestURI(), status, message, data);
    }

    /** The error's body for a request sent to {@code path} (as sent: not decoded, not normalised). */
    Object body(HttpServletRequest request, String path, int status, String message, Map<String, ?> data) {
        return families.shapeFor(path == null ? "" : path).map(shape -> shape.body().of(status, message, data == null ? Map.of() : data))
                .orElseGet(() -> KazooEnvelope.error(request, status, message, data));
    }

}
