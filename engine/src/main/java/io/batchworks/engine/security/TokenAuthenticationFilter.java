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

/** Authenticates a request by its {@code X-Auth-Token} (Kazoo) or {@code Authorization: Bearer} token. */
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
            tokens.accountOf(token).flatMap(accounts::find).ifPresent(account -> {
                var authorities = List.of(new SimpleGrantedAuthority(account.superAdmin() ? "ROLE_SUPER_ADMIN" : "ROLE_ACCOUNT"));
                var auth = new UsernamePasswordAuthenticationToken(new AccountCaller(account, accounts), null, authorities);
                SecurityContextHolder.getContext().setAuthentication(auth);
            });
        }
        chain.doFilter(request, response);
    }

    private static String token(HttpServletRequest request) {
        String token = request.getHeader("X-Auth-Token");
        if (token == null) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7).strip();
            }
        }
        return token == null || token.isBlank() ? null : token.strip();
    }
}
