package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.Tokens;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tokens from an identity provider: the service fetches the keys from a JWKS endpoint (served by
 * this test on loopback), accepts RS256 and ES256 with the configured issuer and audience, and
 * refuses HS256 (also the key-confusion trick of using the public key as an HMAC secret),
 * unsigned tokens and keys it does not know.
 */
class JwksModeTest extends SqliteApiTest {

    static final String ISSUER = "https://idp.example.test/realms/ai-org";
    static final String AUDIENCE = "ai-org-api";
    static final JwksServer IDP = new JwksServer();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("aiorg.security.jwt.secret", () -> "");
        registry.add("aiorg.security.jwt.jwk-set-uri", () -> IDP.base() + "/jwks");
        registry.add("aiorg.security.issuer", () -> ISSUER);
        registry.add("aiorg.security.audience", () -> AUDIENCE);
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    String tenant;

    @BeforeEach
    void tenant() {
        tenant = TestDatabases.newTenant();
        tenants.create(TenantId.of(tenant), "Tenant " + tenant, "JWKS", null);
    }

    JWTClaimsSet.Builder claims() {
        return Tokens.claims(tenant, "member").issuer(ISSUER).audience(AUDIENCE);
    }

    int status(String token) {
        return http().bearer(token).get("/backlog").status();
    }

    @Test
    void acceptsRs256AndEs256FromTheProvidersKeys() {
        assertThat(status(IDP.rs256(claims().build()))).isEqualTo(200);
        assertThat(status(IDP.es256(claims().build()))).isEqualTo(200);
        Http.Response me = http().bearer(IDP.rs256(claims().subject("alice@example.test").build())).get("/api/me");
        assertThat(me.json().get("subject").stringValue()).isEqualTo("alice@example.test");
        assertThat(me.json().get("tenant").stringValue()).isEqualTo(tenant);
        assertThat(IDP.jwksRequests.get()).isPositive();
    }

    @Test
    void refusesHs256UnsignedAndForeignKeys() throws Exception {
        assertThat(status(Tokens.hs256(claims().build(), Tokens.SECRET))).isEqualTo(401);
        String publicKeyAsSecret = new String(IDP.rsa.toPublicJWK().toRSAPublicKey().getEncoded(), StandardCharsets.ISO_8859_1);
        assertThat(status(Tokens.hs256(claims().build(), publicKeyAsSecret))).isEqualTo(401);
        assertThat(status(new com.nimbusds.jwt.PlainJWT(claims().build()).serialize())).isEqualTo(401);
        assertThat(status(IDP.rs256ByAStranger(claims().build()))).isEqualTo(401);
    }

    @Test
    void refusesWrongIssuerAudienceOrExpiry() {
        assertThat(status(IDP.rs256(claims().issuer("https://evil.example.test").build()))).isEqualTo(401);
        assertThat(status(IDP.rs256(claims().audience("another-app").build()))).isEqualTo(401);
        assertThat(status(IDP.rs256(claims().audience((String) null).build()))).isEqualTo(401);
        assertThat(status(IDP.rs256(claims().expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).build()))).isEqualTo(401);
        assertThat(status(IDP.rs256(claims().notBeforeTime(new Date(System.currentTimeMillis() + 3_600_000)).build()))).isEqualTo(401);
        Http.Response r = http().bearer(IDP.rs256(claims().issuer("https://evil.example.test").build())).get("/backlog");
        assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void whileTheProvidersKeysCannotBeFetchedTheAnswerIs503NotA401() {
        IDP.down = true;
        try {
            // a key id the cached JWKS lacks makes the decoder fetch the JWKS again
            Http.Response r = http().bearer(IDP.rs256ByAStranger(claims().build(), "rotated-key")).get("/backlog");
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isNotBlank();
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").stringValue()).endsWith("/token-verification-unavailable");
        } finally {
            IDP.down = false;
        }
        assertThat(status(IDP.rs256ByAStranger(claims().build(), "rotated-key"))).isEqualTo(401);
    }
}
