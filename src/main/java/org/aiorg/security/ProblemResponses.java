package org.aiorg.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401, 403, 429 and 503 answers of the security filters as RFC 9457 problem+json, in the shape
 * of the web layer's other problems. The {@code WWW-Authenticate: Bearer ...} header comes from
 * Spring Security's bearer-token handlers, which this wraps.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    /** The same base as the web layer's problem types. */
    static final String TYPE_BASE = "https://ai-org.dev/problems/";

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** No token, or a token that failed verification. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        bearer.commence(request, response, e);
        String detail = e instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                ? "The bearer token was refused: " + oauth.getError().getDescription()
                : "This needs a bearer token: send 'Authorization: Bearer <token>' (see 'ai-org token' in the README).";
        write(response, 401, "unauthenticated", "Unauthenticated", detail, Map.of());
    }

    /** A valid token whose roles do not allow the request. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        denied.handle(request, response, e);
        String roles = Caller.current().map(c -> c.roles().stream().map(CallerRole::wire).sorted().toList().toString()).orElse("[]");
        write(response, 403, "forbidden", "Forbidden",
                "The token's roles " + roles + " do not allow " + request.getMethod() + " " + request.getRequestURI() + ".", Map.of());
    }

    /** Bearer-token failures; an unreachable identity provider is the service's problem, not the client's. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            log.warn("Could not verify a token: {}", e.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            write(response, 503, "token-verification-unavailable", "Service unavailable",
                    "Tokens cannot be verified right now (the identity provider's keys are unreachable); try again shortly.", Map.of());
            return;
        }
        commence(request, response, e);
    }

    void tooManyRequests(HttpServletResponse response, long retryAfterSeconds, String scope) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        write(response, 429, "rate-limited", "Too many requests",
                "The " + scope + "'s request rate limit is reached; retry after " + retryAfterSeconds + " s.",
                Map.of("retry_after", retryAfterSeconds));
    }

    void write(HttpServletResponse response, int status, String type, String title, String detail, Map<String, Object> extra)
            throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        extra.forEach(p::setProperty);
        String correlation = MDC.get("correlation_id");
        if (correlation != null) {
            p.setProperty("correlation_id", correlation);
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(p));
    }
}
