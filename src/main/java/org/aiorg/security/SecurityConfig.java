package org.aiorg.security;

import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API as an OAuth 2 resource server: stateless, bearer tokens only, no sessions, cookies,
 * CSRF tokens or login pages. See {@link AccessRules} for who may call what and
 * {@link TokenVerification} for how tokens are checked.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(AuthProperties.class)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    JwtDecoder jwtDecoder(AuthProperties props, InstantSource clock) {
        if (props.jwt().identityProvider()) {
            if (props.issuer() == null && props.jwt().issuerUri() == null && props.audience() == null) {
                log.warn("Tokens are checked against the JWKS only: set AIORG_JWT_ISSUER or AIORG_JWT_AUDIENCE so that tokens the "
                        + "identity provider issued for other applications are refused.");
            }
            return new CachingJwtDecoder(TokenVerification.decoder(props, null), clock);
        }
        return new CachingJwtDecoder(TokenVerification.decoder(props, TokenIssuer.selfHosted(props, clock, log::info)), clock);
    }

    /**
     * No observation per security filter: wrapping each of the chain's filters in an observation
     * took more CPU than the endpoints themselves. Requests stay measured by
     * http_server_requests_seconds.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, ProblemResponses problems, AuthProperties props,
            @Value("${aiorg.dev:false}") boolean dev, @Value("${server.address:}") String bind) {
        if (dev) {
            requireLoopback(bind);
            log.warn("Dev mode: requests without a token act as an admin of the X-Tenant tenant (default demo).");
        }
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(bearerTokens())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(TokenVerification.converter(dev)))
                        // RFC 9728 metadata at /.well-known/oauth-protected-resource, public: say what is true here
                        .protectedResourceMetadata(m -> m.protectedResourceMetadataCustomizer(meta -> {
                            meta.resourceName("AI-Org API").tlsClientCertificateBoundAccessTokens(false);
                            if (props.jwt().issuerUri() != null) {
                                meta.authorizationServer(props.jwt().issuerUri());
                            }
                        }))
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(problems);
                                return filter;
                            }
                        }))
                .authorizeHttpRequests(AccessRules::apply);
        if (dev) {
            http.addFilterBefore(new DevModeFilter(), AnonymousAuthenticationFilter.class);
        }
        if (props.rateLimit().enabled()) {
            http.addFilterAfter(new RateLimitFilter(new RateLimiter(props.rateLimit(), System::nanoTime), problems),
                    AnonymousAuthenticationFilter.class);
        }
        return http.build();
    }

    /**
     * The management port (metrics, health) stays unauthenticated: it listens on loopback unless
     * configured otherwise, and Prometheus scrapes it without a token. Only when it is a port of
     * its own; on the API port the endpoints would need a member token like everything else.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    static class ManagementPort {

        @Bean
        @Order(0)
        SecurityFilterChain managementEndpoints(HttpSecurity http) {
            return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .csrf(c -> c.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(c -> c.disable())
                    .logout(l -> l.disable())
                    .build();
        }
    }

    /** The Authorization header everywhere; also {@code ?access_token=} on GET /api/events, as EventSource cannot set headers. */
    static BearerTokenResolver bearerTokens() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        RequestMatcher events = PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/api/events");
        return request -> events.matches(request) ? headerOrQuery.resolve(request) : header.resolve(request);
    }

    /** Dev mode trusts a header for the tenant: only from this machine. */
    static void requireLoopback(String bind) {
        String problem = DevMode.bindProblem(bind);
        if (problem != null) {
            throw new StartupRefused(problem);
        }
    }
}
