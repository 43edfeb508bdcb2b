package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

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

    /** The sign-in session a token of ours belongs to. */
    static String sessionOf(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getString("sid");
    }

    /** A token of the session's user and sign-in, as we issue them but for the claims given. */
    private String signed(Session session, String issuer, String audience, Instant expiresAt) {
        SigningKeys.SigningKey key = keys.signing();
        return Jwt.issuer(issuer).audience(audience).subject(session.userId().toString())
                .upn(session.userId().toString()).groups(Set.of("user")).claim("sid", sessionOf(session.accessToken()))
                .issuedAt(expiresAt.minusSeconds(900)).expiresAt(expiresAt).jws().keyId(key.kid()).sign(key.privateKey());
    }

    private String signed(Session session, String issuer, Instant expiresAt) {
        return signed(session, issuer, "keepsync", expiresAt);
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
    void a_token_signed_by_another_key_is_401_with_our_kid_with_its_own_and_with_none() throws Exception {
        Session session = TestUsers.register();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair foreign = generator.generateKeyPair();
        for (String kid : new String[] { keys.signing().kid(), SigningKeys.thumbprint(foreign.getPublic()), null }) {
            var claims = Jwt.issuer("keepsync").audience("keepsync").subject(session.userId().toString())
                    .groups(Set.of("user")).claim("sid", sessionOf(session.accessToken()))
                    .expiresAt(Instant.now().plusSeconds(600)).jws();
            assertRejected("Bearer " + (kid == null ? claims.sign(foreign.getPrivate())
                    : claims.keyId(kid).sign(foreign.getPrivate())));
        }
    }

    @Test
    void our_token_without_a_kid_or_for_another_audience_is_401() {
        Session session = TestUsers.register();
        SigningKeys.SigningKey key = keys.signing();
        String noKid = Jwt.issuer("keepsync").audience("keepsync").subject(session.userId().toString())
                .groups(Set.of("user")).claim("sid", sessionOf(session.accessToken()))
                .expiresAt(Instant.now().plusSeconds(600)).sign(key.privateKey());
        assertRejected("Bearer " + noKid);
        assertRejected("Bearer " + signed(session, "keepsync", "another-service", Instant.now().plusSeconds(600)));
        given().header("Authorization", "Bearer " + signed(session, "keepsync", "keepsync",
                Instant.now().plusSeconds(600))).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void access_tokens_carry_the_audience_and_the_signing_keys_thumbprint() {
        Session session = TestUsers.register();
        String[] parts = session.accessToken().split("\\.");
        var header = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[0]),
                StandardCharsets.UTF_8));
        var payload = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8));
        assertEquals("RS256", header.getString("alg"));
        assertEquals(keys.signing().kid(), header.getString("kid"));
        assertEquals(SigningKeys.thumbprint(keys.signing().publicKey()), header.getString("kid"));
        assertEquals("keepsync", payload.getString("aud"));
        assertEquals(session.userId().toString(), payload.getString("sub"));
    }

    @Test
    void a_token_of_a_session_that_ended_is_401_at_once() {
        Session session = TestUsers.register();
        session.given().get("/api/v1/me").then().statusCode(200);
        session.given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("refreshToken", session.refreshToken())).post("/api/v1/auth/logout")
                .then().statusCode(204);
        assertRejected("Bearer " + session.accessToken());
    }

    @Test
    void an_expired_token_is_401() {
        Session session = TestUsers.register();
        assertRejected("Bearer " + signed(session, "keepsync", Instant.now().minusSeconds(5)));
        given().header("Authorization", "Bearer " + signed(session, "keepsync",
                Instant.now().plusSeconds(60))).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void a_token_accepted_before_is_refused_from_the_second_of_its_expiry() throws Exception {
        Session session = TestUsers.register();
        Instant expiresAt = Instant.now().plusSeconds(2);
        String token = signed(session, "keepsync", expiresAt);
        given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(200);
        assertTrue(verified.lookup(token, keys.signing().publicKey()).isPresent(), "the verified token was not remembered");
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
        assertEquals(session.userId(), verified.lookup(session.accessToken(), keys.signing().publicKey()).orElseThrow()
                .user());
        assertTrue(verified.lookup(session.accessToken(), generator.generateKeyPair().getPublic()).isEmpty());
    }

    @Test
    void a_token_that_failed_verification_is_not_remembered() {
        Session session = TestUsers.register();
        String token = signed(session, "https://evil.example", Instant.now().plusSeconds(600));
        assertRejected("Bearer " + token);
        assertRejected("Bearer " + token);
        assertTrue(verified.lookup(token, keys.signing().publicKey()).isEmpty());
    }

    @Test
    void a_token_of_another_issuer_is_401() {
        Session session = TestUsers.register();
        assertRejected("Bearer " + signed(session, "https://evil.example", Instant.now().plusSeconds(600)));
    }

    @Test
    void tokens_survive_a_restart_because_the_key_is_persisted() {
        Session session = TestUsers.register();
        // What a restarted process loads: the keys stored in the database.
        assertEquals(keys.signing().kid(), keys.stored().signing().kid());
        assertTrue(keys.stored().verifying().containsKey(keys.signing().kid()));
        session.given().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void after_a_rotation_new_tokens_use_the_new_key_and_older_tokens_keep_working() {
        Session before = TestUsers.register();
        String oldKid = keys.signing().kid();
        String newKid = keys.rotate();
        // What every replica signs with once it reloads (within a minute), and what a restart loads.
        assertEquals(newKid, keys.stored().signing().kid());
        assertTrue(keys.stored().verifying().containsKey(oldKid), "the retired key no longer verifies");
        before.given().get("/api/v1/me").then().statusCode(200);
        String signedByNew = signedWith(keys.stored().signing(), before);
        given().header("Authorization", "Bearer " + signedByNew).get("/api/v1/me").then().statusCode(200);
    }

    private static String signedWith(SigningKeys.SigningKey key, Session session) {
        return Jwt.issuer("keepsync").audience("keepsync").subject(session.userId().toString())
                .groups(Set.of("user")).claim("sid", sessionOf(session.accessToken()))
                .expiresAt(Instant.now().plusSeconds(600)).jws().keyId(key.kid()).sign(key.privateKey());
    }
}
