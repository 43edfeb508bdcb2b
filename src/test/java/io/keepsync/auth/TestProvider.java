package io.keepsync.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An identity provider played by the test itself: a JWKS served over HTTP on a fixed local port (the service fetches
 * it lazily, on the first provider token), keys that can be added or taken away, a switch that makes it unreachable,
 * a count of JWKS requests, and tokens signed with its keys or forged.
 */
public final class TestProvider implements AutoCloseable {

    public static final int PORT = 18479;
    public static final String ISSUER = "https://id.example.test/app";
    public static final String AUDIENCE = "keepsync-test-app";

    /** The service configured to accept this provider's tokens. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.auth.external.issuer", ISSUER, "keepsync.auth.external.jwks-url",
                    "http://127.0.0.1:" + PORT + "/jwks.json", "keepsync.auth.external.audience", AUDIENCE);
        }
    }

    private final HttpServer server;
    private final List<PublicJsonWebKey> published = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    public final PublicJsonWebKey rsa;
    public final PublicJsonWebKey ec;

    public TestProvider() throws Exception {
        rsa = newRsa("rsa-1");
        ec = newEc("ec-1");
        published.add(rsa);
        published.add(ec);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/jwks.json", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            int status;
            if (down.get()) {
                status = 503;
                body = "down".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = jwks().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static PublicJsonWebKey newRsa(String kid) throws JoseException {
        PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    public static PublicJsonWebKey newEc(String kid) throws JoseException {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(kid);
        return key;
    }

    private synchronized String jwks() {
        List<JsonWebKey> keys = new ArrayList<>();
        for (PublicJsonWebKey key : published) {
            keys.add(publicOnly(key));
        }
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static JsonWebKey publicOnly(PublicJsonWebKey key) {
        try {
            JsonWebKey copy = JsonWebKey.Factory.newJwk(key.getPublicKey());
            copy.setKeyId(key.getKeyId());
            return copy;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void publish(PublicJsonWebKey key) {
        published.add(key);
    }

    public void down(boolean unreachable) {
        down.set(unreachable);
    }

    public int requests() {
        return requests.get();
    }

    /** The claims of a valid token for this subject, to change before signing. */
    public static JwtClaims claims(String subject, String email) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        if (email != null) {
            claims.setClaim("email", email);
        }
        return claims;
    }

    /** The claims signed with the key under its own kid and algorithm. */
    public static String sign(JwtClaims claims, PublicJsonWebKey key) throws JoseException {
        return sign(claims, key.getPrivateKey(), key.getKeyId(),
                key.getKeyType().equals("EC") ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                        : AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    /** The claims signed with any key, naming any kid and algorithm (forgeries included). */
    public static String sign(JwtClaims claims, Key key, String kid, String algorithm) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        if (key != null) {
            jws.setKey(key);
        } else {
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        }
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
