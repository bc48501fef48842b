package org.aiorg.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Dev mode only (loopback binding enforced at start): a request without a bearer token acts as
 * an admin of the {@code X-Tenant} tenant (default {@code demo}). A request with a token is
 * verified as always and the token's tenant applies.
 */
final class DevModeFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Tenant";
    static final String DEFAULT_TENANT = "demo";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() == null) {
            String header = request.getHeader(HEADER);
            // an invalid slug is answered with 400 by the web layer's tenant resolution
            String tenant = header == null || header.isBlank() ? DEFAULT_TENANT : header.strip();
            Caller caller = new Caller("dev", tenant, EnumSet.of(CallerRole.ADMIN), true);
            SecurityContextHolder.setContext(new SecurityContextImpl(new CallerAuthentication(caller, "dev:" + tenant)));
        }
        chain.doFilter(request, response);
    }
}
