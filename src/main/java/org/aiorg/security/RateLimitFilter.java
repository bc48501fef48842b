package org.aiorg.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after authentication: an authenticated request is counted against its token and its
 * tenant and answered 429 with {@code Retry-After} when either is over its rate. Requests
 * without a valid token are not counted here (they get 401 before any work is done).
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final ProblemResponses problems;

    RateLimitFilter(RateLimiter limiter, ProblemResponses problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof CallerAuthentication caller) {
            RateLimiter.Refusal refused = limiter.acquire(caller.rateKey(), caller.caller().tenant());
            if (refused != null) {
                problems.tooManyRequests(response, refused.retryAfterSeconds(), refused.scope());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
