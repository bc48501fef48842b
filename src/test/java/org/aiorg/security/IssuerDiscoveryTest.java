package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aiorg.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** {@code AIORG_JWT_ISSUER_URI}: keys found by OIDC discovery, on first use rather than at start. */
class IssuerDiscoveryTest {

    static final JwksServer IDP = new JwksServer();

    @AfterAll
    static void stop() {
        IDP.close();
    }

    static AuthProperties issuerUri(String uri) {
        return new AuthProperties(null, null, new AuthProperties.Jwt(null, null, uri, null), null, null);
    }

    @Test
    void findsTheKeysThroughDiscoveryAndChecksTheIssuer() {
        JwtDecoder decoder = TokenVerification.decoder(issuerUri(IDP.base()), null);
        int before = IDP.jwksRequests.get();
        assertThat(decoder.decode(IDP.rs256(Tokens.claims("acme", "admin").issuer(IDP.base()).build())).getSubject())
                .isEqualTo("test-admin");
        assertThat(IDP.jwksRequests.get()).isGreaterThan(before);
        assertThatThrownBy(() -> decoder.decode(IDP.rs256(Tokens.claims("acme", "admin").issuer("ai-org").build())))
                .isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(Tokens.hs256(Tokens.claims("acme", "admin").issuer(IDP.base()).build(), Tokens.SECRET)))
                .isInstanceOf(BadJwtException.class);
    }

    @Test
    void anUnreachableProviderIsTheServicesProblemNotABadToken() {
        JwtDecoder decoder = TokenVerification.decoder(issuerUri("http://127.0.0.1:1/nobody"), null);
        String token = IDP.rs256(Tokens.claims("acme", "admin").build());
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);
    }

    @Test
    void aSecretBesideAnIdentityProviderIsRefused() {
        AuthProperties both = new AuthProperties(null, null, new AuthProperties.Jwt("z".repeat(40), null, IDP.base(), null), null, null);
        assertThatThrownBy(() -> TokenVerification.decoder(both, null)).isInstanceOf(StartupRefused.class);
    }
}
