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
import org.springframework.security.web.firewall.HttpFirewall;

/**
 * Every route of the API needs a token except {@link PublicRoutes}; the health probes, the API document and the
 * console's files are open too. Which account a caller may act on is checked by {@link Access}.
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
                .authorizeHttpRequests(a -> {
                    PublicRoutes.API.forEach(route -> a.requestMatchers(route.method(), route.patterns()).permitAll());
                    a.requestMatchers("/error").permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                            .requestMatchers(HttpMethod.GET, "/", "/console", "/console/", "/console/*.html", "/console/*.js", "/console/*.css",
                                    "/webjars/chart.js/**").permitAll()
                            .requestMatchers("/actuator/**").hasRole("SUPER_ADMIN")
                            .anyRequest().authenticated();
                })
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> errors.write(req, res, 401, "invalid credentials", null))
                        .accessDeniedHandler((req, res, ex) -> errors.write(req, res, 403, "forbidden", null)));
        return http.build();
    }

    /** Spring Security's default firewall, its header checks without regular expressions ({@link HeaderFirewall}). */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderFirewall.strict();
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
