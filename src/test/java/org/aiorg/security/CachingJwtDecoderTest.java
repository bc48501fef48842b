package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiorg.support.SettableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class CachingJwtDecoderTest {

    private final SettableClock clock = new SettableClock();
    private final AtomicInteger decodes = new AtomicInteger();

    /** A delegate that verifies like the real one would: refuses expired tokens by the same clock. */
    private JwtDecoder delegate(Instant expires) {
        return token -> {
            decodes.incrementAndGet();
            if (!clock.instant().isBefore(expires)) {
                throw new JwtValidationException("expired", java.util.List.of(new org.springframework.security.oauth2.core.OAuth2Error("invalid_token", "expired", null)));
            }
            return Jwt.withTokenValue(token).header("alg", "HS256").claim("sub", "x").expiresAt(expires)
                    .issuedAt(expires.minusSeconds(3600)).build();
        };
    }

    @Test
    void verifiesATokenOnceAMinuteAndNeverServesItPastItsExpiry() {
        Instant expires = clock.instant().plus(Duration.ofSeconds(90));
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(expires), clock);

        assertThat(decoder.decode("t").getSubject()).isEqualTo("x");
        decoder.decode("t");
        decoder.decode("t");
        assertThat(decodes.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        decoder.decode("t");
        assertThat(decodes.get()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> decoder.decode("t")).isInstanceOf(JwtValidationException.class);
        assertThat(decodes.get()).isEqualTo(3);
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        Instant expired = clock.instant().minusSeconds(1);
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate(expired), clock);
        assertThatThrownBy(() -> decoder.decode("bad")).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode("bad")).isInstanceOf(JwtValidationException.class);
        assertThat(decodes.get()).isEqualTo(2);
    }
}
