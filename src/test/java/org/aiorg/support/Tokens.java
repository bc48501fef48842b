package org.aiorg.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Tokens for tests: good ones signed with the test secret, and each kind of bad one. */
public final class Tokens {

    /** The HS256 secret of the API tests' service ({@code aiorg.security.jwt.secret}). */
    public static final String SECRET = "test-secret-of-the-ai-org-api-tests-0123456789";

    private Tokens() {}

    /** A valid token for one hour. */
    public static String of(String tenant, String... roles) {
        return hs256(claims(tenant, roles).build(), SECRET);
    }

    /** {@code sub}, {@code tenant}, {@code roles}, {@code iss=ai-org}, {@code exp} in an hour, a fresh {@code jti}. */
    public static JWTClaimsSet.Builder claims(String tenant, String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("test-" + String.join("-", roles))
                .issuer("ai-org")
                .claim("tenant", tenant)
                .claim("roles", List.of(roles))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString());
    }

    public static String expired(String tenant) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return hs256(claims(tenant, "admin").issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofMinutes(30)))).build(), SECRET);
    }

    public static String wrongSignature(String tenant) {
        return hs256(claims(tenant, "admin").build(), "another-secret-of-at-least-32-bytes-xxxxxxxx");
    }

    /** Unsigned: {@code {"alg":"none"}} and an empty signature. */
    public static String algNone(String tenant) {
        return new PlainJWT(claims(tenant, "admin").build()).serialize();
    }

    public static String wrongIssuer(String tenant) {
        return hs256(claims(tenant, "admin").issuer("someone-else").build(), SECRET);
    }

    public static String hs256(JWTClaimsSet claims, String secret) {
        return sign(claims, JWSAlgorithm.HS256, null, macSigner(secret));
    }

    public static String sign(JWTClaimsSet claims, JWSAlgorithm alg, String keyId, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(keyId).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static MACSigner macSigner(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
