package io.batchworks.engine.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Kazoo's verb tunnel on its paths ({@code /v2/...}): a {@code POST} with {@code verb=PUT}, {@code PATCH} or
 * {@code DELETE} in its query string is handled as that method, for clients that cannot send it (the JDK's
 * {@code HttpURLConnection} has no {@code PATCH}). Only a {@code POST} is tunnelled, and before every other filter,
 * so authentication, permissions and the audit see the method that is carried out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class VerbTunnel extends OncePerRequestFilter {

    private static final Set<String> TUNNELLED = Set.of("PUT", "PATCH", "DELETE");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith(request.getContextPath() + "/v2/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String verb = verb(request.getQueryString());
        if (verb == null) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getMethod() {
                return verb;
            }
        }, response);
    }

    /** The tunnelled method from the raw query string (the body is left unread), or {@code null}. */
    static String verb(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.regionMatches(true, 0, "verb=", 0, 5)) {
                String verb = pair.substring(5).toUpperCase(Locale.ROOT);
                return TUNNELLED.contains(verb) ? verb : null;
            }
        }
        return null;
    }
}
