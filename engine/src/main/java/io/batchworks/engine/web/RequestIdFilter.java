package io.batchworks.engine.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.Ids;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Gives every request an id (Kazoo's {@code request_id}), echoed in the envelope and {@code X-Request-ID}. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader("X-Request-ID");
        if (id == null || id.isBlank() || id.length() > 64) {
            id = Ids.requestId();
        }
        request.setAttribute(KazooEnvelope.REQUEST_ID, id);
        response.setHeader("X-Request-ID", id);
        chain.doFilter(request, response);
    }
}
