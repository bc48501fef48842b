package org.aiorg.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiorg.support.Tokens;

/**
 * A stand-in identity provider on loopback: an RSA and an EC key generated per run, their JWKS at
 * {@code /jwks} and an OIDC discovery document at {@code /.well-known/openid-configuration}.
 */
final class JwksServer implements AutoCloseable {

    final RSAKey rsa;
    final ECKey ec;
    final AtomicInteger jwksRequests = new AtomicInteger();
    /** While true the JWKS answers 503, as a provider that is down. */
    volatile boolean down;
    private final HttpServer server;

    JwksServer() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
        server.createContext("/jwks", exchange -> {
            jwksRequests.incrementAndGet();
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            respond(exchange, jwks);
        });
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + base() + "\",\"jwks_uri\":\"" + base() + "/jwks\",\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}"));
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String rs256(JWTClaimsSet claims) {
        try {
            return Tokens.sign(claims, JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String es256(JWTClaimsSet claims) {
        try {
            return Tokens.sign(claims, JWSAlgorithm.ES256, ec.getKeyID(), new ECDSASigner(ec));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by a key the JWKS does not have, under a kid it does. */
    String rs256ByAStranger(JWTClaimsSet claims) {
        return rs256ByAStranger(claims, rsa.getKeyID());
    }

    String rs256ByAStranger(JWTClaimsSet claims, String keyId) {
        try {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID(keyId).generate();
            return Tokens.sign(claims, JWSAlgorithm.RS256, stranger.getKeyID(), new RSASSASigner(stranger));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
