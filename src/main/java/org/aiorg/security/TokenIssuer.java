package org.aiorg.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.SecretKey;

/**
 * Signs self-hosted tokens (HS256): {@code sub}, {@code tenant}, {@code roles}, {@code iss},
 * {@code iat}, {@code nbf}, {@code exp}, {@code jti} and, when configured, {@code aud}.
 */
public final class TokenIssuer {

    public static final Duration MAX_TTL = Duration.ofDays(366);

    private final SecretKey key;
    private final String issuer;
    private final String audience;
    private final InstantSource clock;

    TokenIssuer(SecretKey key, String issuer, String audience, InstantSource clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * The issuer of this installation's tokens. Refused (with a message) when tokens come from an
     * identity provider.
     *
     * @param notice told when the key file is created
     */
    public static TokenIssuer selfHosted(AuthProperties props, InstantSource clock, Consumer<String> notice) {
        if (props.jwt().identityProvider()) {
            throw new StartupRefused("Tokens come from the identity provider (AIORG_JWT_ISSUER_URI / AIORG_JWT_JWK_SET_URI are set): "
                    + "ai-org cannot sign them.");
        }
        return new TokenIssuer(JwtSecret.load(props.jwt(), notice), props.selfHostedIssuer(), props.audience(), clock);
    }

    public String issue(String subject, String tenant, Collection<CallerRole> roles, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between 1 second and " + MAX_TTL.toDays() + " days");
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .claim("tenant", tenant)
                .claim("roles", roles.stream().map(CallerRole::wire).toList())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    SecretKey key() {
        return key;
    }

    String issuer() {
        return issuer;
    }
}
