package org.aiorg.security;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The authenticated caller of a request.
 *
 * @param subject the token's {@code sub} ({@code dev} for a dev-mode request without a token)
 * @param tenant  the token's {@code tenant} claim, or in dev mode the {@code X-Tenant} header; not
 *                yet checked to exist (the web layer answers an unknown tenant with 404)
 * @param roles   effective roles ({@code admin} includes {@code member})
 * @param devMode whether the service runs in dev mode
 */
public record Caller(String subject, String tenant, Set<CallerRole> roles, boolean devMode) {

    public Caller {
        roles = Set.copyOf(CallerRole.effective(roles));
    }

    public boolean has(CallerRole role) {
        return roles.contains(role);
    }

    /** The caller of the current request, if it was authenticated. */
    public static Optional<Caller> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof CallerAuthentication ca ? Optional.of(ca.caller()) : Optional.empty();
    }
}
