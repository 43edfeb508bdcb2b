package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenValidationTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    SigningKeys keys;

    @Inject
    VerifiedTokens verified;

    private static void assertRejected(String authorization) {
        var request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String body = request.get("/api/v1/me").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("type", equalTo("https://keepsync.io/problems/unauthorized"))
                .extract().asString();
        assertEquals(false, body.contains("Exception"), body);
    }

    private String signed(UUID subject, String issuer, Instant expiresAt) {
        return Jwt.issuer(issuer).subject(subject.toString()).upn(subject.toString()).groups(Set.of("user"))
                .issuedAt(expiresAt.minusSeconds(900)).expiresAt(expiresAt).sign(keys.privateKey());
    }

    @Test
    void a_missing_header_is_401() {
        assertRejected(null);
        assertRejected("Basic dXNlcjpwYXNz");
        assertRejected("Bearer ");
    }

    @Test
    void garbage_is_401() {
        assertRejected("Bearer garbage");
        assertRejected("Bearer a.b.c");
    }

    @Test
    void a_tampered_token_is_401() {
        Session victim = TestUsers.register();
        Session attacker = TestUsers.register();
        String[] parts = attacker.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(attacker.userId().toString(), victim.userId().toString());
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRejected("Bearer " + forged);
        attacker.given().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void an_unsigned_alg_none_token_is_401() {
        Session session = TestUsers.register();
        String payload = session.accessToken().split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertRejected("Bearer " + header + "." + payload + ".");
    }

    @Test
    void a_token_signed_by_another_key_is_401() throws Exception {
        Session session = TestUsers.register();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = Jwt.issuer("keepsync").subject(session.userId().toString()).groups(Set.of("user"))
                .expiresAt(Instant.now().plusSeconds(600)).sign(generator.generateKeyPair().getPrivate());
        assertRejected("Bearer " + token);
    }

    @Test
    void an_expired_token_is_401() {
        Session session = TestUsers.register();
        assertRejected("Bearer " + signed(session.userId(), "keepsync", Instant.now().minusSeconds(5)));
        given().header("Authorization", "Bearer " + signed(session.userId(), "keepsync",
                Instant.now().plusSeconds(60))).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void a_token_accepted_before_is_refused_from_the_second_of_its_expiry() throws Exception {
        Session session = TestUsers.register();
        Instant expiresAt = Instant.now().plusSeconds(2);
        String token = signed(session.userId(), "keepsync", expiresAt);
        given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(200);
        assertTrue(verified.user(token, keys.publicKey()).isPresent(), "the verified token was not remembered");
        while (Instant.now().getEpochSecond() < expiresAt.getEpochSecond()) {
            Thread.sleep(50);
        }
        assertRejected("Bearer " + token);
    }

    @Test
    void a_remembered_token_counts_only_for_the_key_that_verified_it() throws Exception {
        Session session = TestUsers.register();
        session.given().get("/api/v1/me").then().statusCode(200);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        assertEquals(session.userId(), verified.user(session.accessToken(), keys.publicKey()).orElseThrow());
        assertTrue(verified.user(session.accessToken(), generator.generateKeyPair().getPublic()).isEmpty());
    }

    @Test
    void a_token_that_failed_verification_is_not_remembered() {
        Session session = TestUsers.register();
        String token = signed(session.userId(), "https://evil.example", Instant.now().plusSeconds(600));
        assertRejected("Bearer " + token);
        assertRejected("Bearer " + token);
        assertTrue(verified.user(token, keys.publicKey()).isEmpty());
    }

    @Test
    void a_token_of_another_issuer_is_401() {
        Session session = TestUsers.register();
        assertRejected("Bearer " + signed(session.userId(), "https://evil.example", Instant.now().plusSeconds(600)));
    }

    @Test
    void tokens_survive_a_restart_because_the_key_is_persisted() {
        Session session = TestUsers.register();
        PublicKey before = keys.publicKey();
        // What a restarted process loads: the pair stored in the database.
        assertEquals(before, keys.loadOrCreate(SigningKeys.ACCESS_KEY_ID).getPublic());
        session.given().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void concurrent_first_starts_end_up_with_one_signing_key() throws Exception {
        String id = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> Base64.getEncoder().encodeToString(keys.loadOrCreate(id).getPublic().getEncoded()));
            }
            Set<String> seen = new HashSet<>();
            for (Future<String> result : pool.invokeAll(starts)) {
                seen.add(result.get());
            }
            assertEquals(1, seen.size(), "replicas ended up with different signing keys");
        } finally {
            pool.shutdownNow();
        }
    }
}
