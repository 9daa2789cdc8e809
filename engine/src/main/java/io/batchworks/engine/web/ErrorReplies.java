package io.batchworks.engine.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/** Every error the API answers, in Kazoo's error envelope. */
@RestControllerAdvice
public class ErrorReplies {

    private static final Logger log = LoggerFactory.getLogger(ErrorReplies.class);
    private final JsonMapper json;

    public ErrorReplies(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
        return reply(request, e.status(), e.getMessage(), e.data());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e, HttpServletRequest request) {
        return reply(request, 404, "not found", Map.of("path", request.getRequestURI()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return reply(request, 405, "method not allowed", Map.of("method", e.getMethod()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParam(MissingServletRequestParameterException e, HttpServletRequest request) {
        return reply(request, 400, "invalid request",
                Map.of(e.getParameterName(), Map.of("required", Map.of("message", "Field is required but missing"))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return reply(request, 400, "invalid request", Map.of("data", Map.of("message", "request body is not valid JSON")));
    }

    /** A body a route read itself that is not JSON, or nests deeper than Jackson's limit. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<Map<String, Object>> badJson(JacksonException e, HttpServletRequest request) {
        String why = e instanceof StreamConstraintsException ? "request body nests too deeply or is too long"
                : "request body is not valid JSON";
        return reply(request, 400, "invalid request", Map.of("data", Map.of("message", why)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return reply(request, 415, "unsupported media type", Map.of("content_type", String.valueOf(e.getContentType())));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> internal(Exception e, HttpServletRequest request) {
        log.error("Request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return reply(request, 500, "internal server error", Map.of());
    }

    public ResponseEntity<Map<String, Object>> reply(HttpServletRequest request, int status, String message, Map<String, ?> data) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(KazooEnvelope.error(request, status, message, data));
    }

    /** For errors raised outside Spring MVC (the security filters). */
    public void write(HttpServletRequest request, HttpServletResponse response, int status, String message, Map<String, ?> data)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), KazooEnvelope.error(request, status, message, data));
    }

}
