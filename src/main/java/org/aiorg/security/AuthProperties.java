package org.aiorg.security;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tokens are verified and how fast a caller may go. Secrets come only from the environment
 * or a file, never from a default.
 *
 * @param issuer        the {@code iss} every token must carry; self-hosted default {@code ai-org},
 *                      identity-provider default the issuer URI (env {@code AIORG_JWT_ISSUER})
 * @param audience      when set, the {@code aud} every token must contain (env {@code AIORG_JWT_AUDIENCE})
 * @param jwt           where the keys come from
 * @param rateLimit     per-token and per-tenant request rates
 * @param demoTokenTtl  lifetime of the admin token that {@code serve --demo} prints
 */
@ConfigurationProperties("aiorg.security")
public record AuthProperties(String issuer, String audience, Jwt jwt, RateLimit rateLimit, Duration demoTokenTtl) {

    /** The issuer of tokens that {@code ai-org token} signs unless {@code aiorg.security.issuer} says otherwise. */
    public static final String DEFAULT_ISSUER = "ai-org";

    public AuthProperties {
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        jwt = jwt == null ? new Jwt(null, null, null, null) : jwt;
        rateLimit = rateLimit == null ? new RateLimit(null, null, null, null, null) : rateLimit;
        demoTokenTtl = demoTokenTtl == null ? Duration.ofHours(12) : demoTokenTtl;
    }

    /**
     * Key material. Either {@code secret} / {@code secretFile} (self-hosted, HS256) or
     * {@code issuerUri} / {@code jwkSetUri} (an identity provider, RS256 or ES256), not both.
     *
     * @param secret     HS256 secret, at least 32 bytes (env {@code AIORG_JWT_SECRET})
     * @param secretFile used when no secret is given; created with 32 random bytes and mode 0600 on
     *                   first start (env {@code AIORG_JWT_SECRET_FILE}; default {@code ./data/jwt-secret})
     * @param issuerUri  OIDC issuer; its discovery document names the JWKS (env {@code AIORG_JWT_ISSUER_URI})
     * @param jwkSetUri  JWKS URL, without discovery (env {@code AIORG_JWT_JWK_SET_URI})
     */
    public record Jwt(String secret, Path secretFile, String issuerUri, String jwkSetUri) {

        public Jwt {
            secret = blankToNull(secret);
            secretFile = secretFile == null ? Path.of("data", "jwt-secret") : secretFile;
            issuerUri = blankToNull(issuerUri);
            jwkSetUri = blankToNull(jwkSetUri);
        }

        /** Tokens come from an identity provider rather than from {@code ai-org token}. */
        public boolean identityProvider() {
            return issuerUri != null || jwkSetUri != null;
        }
    }

    /**
     * Token buckets, one per token and one per tenant; a request must find a token in both.
     *
     * @param enabled            off only for load tests
     * @param perTokenPerSecond  steady rate of one token
     * @param perTenantPerSecond steady rate of all of a tenant's tokens together
     * @param burst              requests one token may send at once (its bucket's size)
     * @param tenantBurst        requests a tenant may send at once (its bucket's size)
     */
    public record RateLimit(Boolean enabled, Double perTokenPerSecond, Double perTenantPerSecond, Integer burst, Integer tenantBurst) {

        public RateLimit {
            enabled = enabled == null || enabled;
            perTokenPerSecond = perTokenPerSecond == null ? 20.0 : perTokenPerSecond;
            perTenantPerSecond = perTenantPerSecond == null ? 50.0 : perTenantPerSecond;
            burst = burst == null ? 40 : burst;
            tenantBurst = tenantBurst == null ? 100 : tenantBurst;
            if (perTokenPerSecond <= 0 || perTenantPerSecond <= 0 || burst < 1 || tenantBurst < 1) {
                throw new IllegalArgumentException("aiorg.security.rate-limit: rates must be > 0 and bursts >= 1");
            }
        }
    }

    /** The issuer that self-hosted tokens carry and must carry. */
    public String selfHostedIssuer() {
        return issuer != null ? issuer : DEFAULT_ISSUER;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
