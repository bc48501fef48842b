package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtSecretTest {

    @TempDir
    Path dir;

    private static AuthProperties props(String secret, Path file) {
        return new AuthProperties(null, null, new AuthProperties.Jwt(secret, file, null, null), null, null);
    }

    @Test
    void createsTheKeyFileOnceWithModeOwnerOnlyAndReusesIt() throws Exception {
        Path file = dir.resolve("data/jwt-secret");
        List<String> notices = new ArrayList<>();
        byte[] first = JwtSecret.load(props(null, file).jwt(), notices::add).getEncoded();
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.length).isGreaterThanOrEqualTo(JwtSecret.MIN_BYTES);
        assertThat(notices).singleElement().asString().contains("Created");
        byte[] second = JwtSecret.load(props(null, file).jwt(), notices::add).getEncoded();
        assertThat(second).isEqualTo(first);
        assertThat(notices).hasSize(1);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theEnvironmentSecretWinsAndMustHave32Bytes() {
        Path file = dir.resolve("jwt-secret");
        assertThat(JwtSecret.load(props("x".repeat(32), file).jwt(), s -> {}).getEncoded()).hasSize(32);
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> JwtSecret.load(props("short", file).jwt(), s -> {}))
                .isInstanceOf(StartupRefused.class).hasMessageContaining("at least 32");
    }

    @Test
    void aTooShortOrSharedKeyFileIsReported() throws Exception {
        Path file = dir.resolve("jwt-secret");
        Files.writeString(file, "tiny");
        assertThatThrownBy(() -> JwtSecret.load(props(null, file).jwt(), s -> {})).isInstanceOf(StartupRefused.class);
        Files.writeString(file, "y".repeat(40));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> notices = new ArrayList<>();
        JwtSecret.load(props(null, file).jwt(), notices::add);
        assertThat(notices).singleElement().asString().contains("chmod 600");
    }

    @Test
    void aTokenSignedByTheCliVerifiesWithTheServicesDecoder() {
        Path file = dir.resolve("jwt-secret");
        AuthProperties props = props(null, file);
        TokenIssuer issuer = TokenIssuer.selfHosted(props, InstantSource.system(), s -> {});
        String token = issuer.issue("alice", "acme", List.of(CallerRole.AGENT), java.time.Duration.ofMinutes(5));
        var jwt = TokenVerification.decoder(props, TokenIssuer.selfHosted(props, InstantSource.system(), s -> {})).decode(token);
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo("acme");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("agent");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("ai-org");
        assertThat(jwt.getExpiresAt()).isBefore(Instant.now().plusSeconds(301));
        assertThatThrownBy(() -> issuer.issue("a", "acme", List.of(CallerRole.ADMIN), java.time.Duration.ofDays(400)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void devModeIsForLoopbackOnly() {
        assertThat(DevMode.bindProblem("127.0.0.1")).isNull();
        assertThat(DevMode.bindProblem("::1")).isNull();
        assertThat(DevMode.bindProblem("localhost")).isNull();
        assertThat(DevMode.bindProblem("0.0.0.0")).contains("loopback");
        assertThat(DevMode.bindProblem("10.1.2.3")).contains("not 10.1.2.3");
        assertThat(DevMode.bindProblem("")).contains("every interface");
        assertThatThrownBy(() -> SecurityConfig.requireLoopback("0.0.0.0")).isInstanceOf(StartupRefused.class);
    }
}
