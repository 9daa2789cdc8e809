package io.batchworks.engine.security;

import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.engine.web.ErrorReplies;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Every route needs a token except the tasks help ({@code GET /v2/tasks}, Kazoo) and the token exchange
 * ({@code PUT /v2/api_auth}). Which account a caller may act on is checked by {@link Access}.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, TokenStore tokens, AccountStore accounts, ErrorReplies errors)
            throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new TokenAuthenticationFilter(tokens, accounts), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/v2/tasks", "/v2/tasks/").permitAll()
                        .requestMatchers(HttpMethod.PUT, "/v2/api_auth", "/v2/api_auth/").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/console", "/console/", "/console/*.html", "/console/*.js", "/console/*.css").permitAll()
                        .requestMatchers("/actuator/**").hasRole("SUPER_ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> errors.write(req, res, 401, "invalid credentials", null))
                        .accessDeniedHandler((req, res, ex) -> errors.write(req, res, 403, "forbidden", null)));
        return http.build();
    }

    /**
     * No observation around each security filter: with one per filter, a dozen per request, they cost more than the
     * filters. A request is still observed once, as {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
