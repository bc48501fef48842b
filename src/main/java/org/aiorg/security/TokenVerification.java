package org.aiorg.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.aiorg.common.ClientError;
import org.aiorg.tenant.TenantId;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How a bearer token becomes a {@link Caller}. Self-hosted: HS256 only, with the secret. Identity
 * provider: RS256 or ES256 only, keys from the JWKS (found by OIDC discovery from the issuer URI,
 * or given directly), fetched on first use so that the service starts while the provider is down.
 * Either way {@code exp} is required, {@code nbf} and {@code iss} (when known) and {@code aud}
 * (when configured) are checked, and {@code sub} and a valid {@code tenant} must be present. An
 * unsigned token ({@code alg: none}) never verifies.
 */
final class TokenVerification {

    private TokenVerification() {}

    static JwtDecoder decoder(AuthProperties props, TokenIssuer selfHosted) {
        if (!props.jwt().identityProvider()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(selfHosted.key()).macAlgorithm(MacAlgorithm.HS256).build();
            decoder.setJwtValidator(validator(selfHosted.issuer(), props.audience()));
            return decoder;
        }
        if (props.jwt().secret() != null) {
            throw new StartupRefused("Set either AIORG_JWT_SECRET (self-hosted tokens) or AIORG_JWT_ISSUER_URI / AIORG_JWT_JWK_SET_URI "
                    + "(an identity provider), not both.");
        }
        AuthProperties.Jwt jwt = props.jwt();
        String issuer = props.issuer() != null ? props.issuer() : jwt.issuerUri();
        return new Lazy(() -> {
            NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder = jwt.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
                    : NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri());
            // why: an explicit list, so that an HS256 token (signed with a public key as its secret) never verifies
            NimbusJwtDecoder decoder = builder.jwsAlgorithms(algs -> {
                algs.add(SignatureAlgorithm.RS256);
                algs.add(SignatureAlgorithm.ES256);
            }).build();
            decoder.setJwtValidator(validator(issuer, props.audience()));
            return decoder;
        });
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        type.setAllowEmpty(true);
        validators.add(type);
        JwtTimestampValidator time = new JwtTimestampValidator();
        time.setAllowEmptyExpiryClaim(false);
        validators.add(time);
        if (issuer != null) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (audience != null) {
            validators.add(new JwtAudienceValidator(audience));
        }
        validators.add(new JwtClaimValidator<Object>("sub", s -> s instanceof String v && !v.isBlank()));
        validators.add(new JwtClaimValidator<Object>("tenant", TokenVerification::isTenantId));
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** A verified token as the caller. Unknown role names are ignored; no known role means 403 everywhere but /api/me. */
    static Converter<Jwt, AbstractAuthenticationToken> converter(boolean devMode) {
        return jwt -> new CallerAuthentication(
                new Caller(jwt.getSubject(), jwt.getClaimAsString("tenant"), roles(jwt.getClaim("roles")), devMode),
                "token:" + sha256(jwt.getTokenValue()));
    }

    /** A JSON list of names, or one space-separated string (as some identity providers send scopes). */
    static Set<CallerRole> roles(Object claim) {
        Collection<?> names = claim instanceof Collection<?> c ? c
                : claim instanceof String s ? List.of(s.strip().split("\\s+")) : List.of();
        Set<CallerRole> out = EnumSet.noneOf(CallerRole.class);
        for (Object n : names) {
            if (n instanceof String s) {
                CallerRole.parse(s).ifPresent(out::add);
            }
        }
        return out;
    }

    private static boolean isTenantId(Object claim) {
        if (!(claim instanceof String s)) {
            return false;
        }
        try {
            TenantId.of(s);
            return true;
        } catch (ClientError e) {
            return false;
        }
    }

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds the decoder on first use and again after a failure. A provider that cannot be reached
     * is a {@link JwtException} (answered 503), not a bad token.
     */
    static final class Lazy implements JwtDecoder {

        private final Supplier<JwtDecoder> factory;
        private volatile JwtDecoder delegate;

        Lazy(Supplier<JwtDecoder> factory) {
            this.factory = factory;
        }

        @Override
        public Jwt decode(String token) {
            JwtDecoder d = delegate;
            if (d == null) {
                synchronized (this) {
                    if (delegate == null) {
                        try {
                            delegate = factory.get();
                        } catch (RuntimeException e) {
                            throw new JwtException("The identity provider could not be reached: " + e.getMessage(), e);
                        }
                    }
                    d = delegate;
                }
            }
            return d.decode(token);
        }
    }
}
