package io.batchworks.engine.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.accounts.AccountStore;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@code X-Auth-Token} (Kazoo) or {@code Authorization: Bearer} token (Taler's
 * {@code secret-token:} prefix accepted).
 */
class TokenAuthenticationFilter extends OncePerRequestFilter {

    private final TokenStore tokens;
    private final AccountStore accounts;

    TokenAuthenticationFilter(TokenStore tokens, AccountStore accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = token(request);
        if (token != null) {
            tokens.grantOf(token).ifPresent(grant -> accounts.find(grant.accountId()).ifPresent(account -> {
                var authorities = List.of(new SimpleGrantedAuthority(account.superAdmin() ? "ROLE_SUPER_ADMIN" : "ROLE_ACCOUNT"));
                var caller = new AccountCaller(account, accounts, grant.permissions());
                var auth = new UsernamePasswordAuthenticationToken(caller, null, authorities);
                SecurityContextHolder.getContext().setAuthentication(auth);
            }));
        }
        chain.doFilter(request, response);
    }

    private static final String TALER_PREFIX = "secret-token:";

    /** The request's token, as sent in either header; null when there is none. */
    static String token(HttpServletRequest request) {
        String token = request.getHeader("X-Auth-Token");
        if (token == null) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7).strip();
            }
        }
        if (token != null && token.startsWith(TALER_PREFIX)) {
            token = token.substring(TALER_PREFIX.length()); // Taler's clients send "Bearer secret-token:<token>"
        }
        return token == null || token.isBlank() ? null : token.strip();
    }
}
