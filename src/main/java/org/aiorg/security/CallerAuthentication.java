package org.aiorg.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Spring Security's view of a {@link Caller}: authorities {@code ROLE_ADMIN}, {@code ROLE_MEMBER},
 * {@code ROLE_AGENT}. {@code rateKey} identifies the credential for the per-token rate limit.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final String rateKey;

    CallerAuthentication(Caller caller, String rateKey) {
        super(authorities(caller.roles()));
        this.caller = caller;
        this.rateKey = rateKey;
        setAuthenticated(true);
    }

    private static Set<SimpleGrantedAuthority> authorities(Set<CallerRole> roles) {
        return roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).collect(Collectors.toSet());
    }

    Caller caller() {
        return caller;
    }

    String rateKey() {
        return rateKey;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.subject();
    }
}
