package org.aiorg.security;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has verified, so that a client sending the same token on every request
 * (the dashboard, an agent) pays for parsing and the signature check once a minute, not on every
 * request (it was a tenth of a request's CPU). A remembered token is still refused once it
 * expires: the expiry is checked on every use. Bounded: cleared when full.
 */
final class CachingJwtDecoder implements JwtDecoder {

    static final int MAX_ENTRIES = 10_000;
    static final long REMEMBER_MILLIS = 60_000;

    private record Verified(Jwt jwt, long until) {}

    private final JwtDecoder delegate;
    private final InstantSource clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, InstantSource clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        long now = clock.millis();
        Verified v = verified.get(token);
        if (v != null && now < v.until()) {
            return v.jwt();
        }
        if (v != null) {
            verified.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        Instant expires = jwt.getExpiresAt();
        long until = Math.min(now + REMEMBER_MILLIS, expires == null ? now : expires.toEpochMilli());
        if (until > now) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(token, new Verified(jwt, until));
        }
        return jwt;
    }
}
