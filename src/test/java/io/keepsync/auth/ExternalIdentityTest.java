package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.live.EventStream;
import io.keepsync.sync.SyncApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Tokens of the app's own identity provider (played by {@link TestProvider}, no network): RS256 and ES256 verified
 * against its JWKS, a key added after start, the provider unreachable, every forgery refused without hammering the
 * provider; one Keepsync user per (issuer, sub) reaching everything an own account does; password endpoints refused;
 * console links.
 */
@QuarkusTest
@TestProfile(TestProvider.Profile.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExternalIdentityTest {

    private static final String PROBLEMS = "https://keepsync.io/problems/";

    private static TestProvider provider;

    @BeforeAll
    static void startProvider() throws Exception {
        provider = new TestProvider();
    }

    @AfterAll
    static void stopProvider() throws Exception {
        provider.close();
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String token(String subject) throws Exception {
        return TestProvider.sign(TestProvider.claims(subject, subject + "@example.com"), provider.rsa);
    }

    private static void refused(String token) {
        as(token).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void provider_tokens_verify_with_rs256_and_es256_a_new_key_refetches_once_and_forgeries_are_refused()
            throws Exception {
        String subject = "user-" + UUID.randomUUID();
        String rs = TestProvider.sign(TestProvider.claims(subject, null), provider.rsa);
        String userId = as(rs).get("/api/v1/me").then().statusCode(200).body("issuer", equalTo(TestProvider.ISSUER))
                .body("subject", equalTo(subject)).extract().path("userId");
        String es = TestProvider.sign(TestProvider.claims(subject, null), provider.ec);
        as(es).get("/api/v1/me").then().statusCode(200).body("userId", equalTo(userId));
        int fetched = provider.requests();
        assertTrue(fetched >= 1, "the JWKS was never fetched");

        // A key the provider adds after start: its first token refetches the set, once.
        var added = TestProvider.newRsa("rsa-2");
        provider.publish(added);
        as(TestProvider.sign(TestProvider.claims(subject, null), added)).get("/api/v1/me").then().statusCode(200)
                .body("userId", equalTo(userId));
        assertEquals(fetched + 1, provider.requests());

        // Unknown key ids within the next 30 s do not reach the provider again.
        for (int i = 0; i < 20; i++) {
            var unknown = TestProvider.newRsa("unknown-" + i);
            refused(TestProvider.sign(TestProvider.claims(subject, null), unknown));
        }
        assertEquals(fetched + 1, provider.requests(), "unknown kids hammered the provider");

        // Forgeries.
        JwtClaims wrongAudience = TestProvider.claims(subject, null);
        wrongAudience.setAudience("another-app");
        refused(TestProvider.sign(wrongAudience, provider.rsa));
        JwtClaims wrongIssuer = TestProvider.claims(subject, null);
        wrongIssuer.setIssuer("https://evil.example.test/");
        refused(TestProvider.sign(wrongIssuer, provider.rsa));
        JwtClaims expired = TestProvider.claims(subject, null);
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 120));
        refused(TestProvider.sign(expired, provider.rsa));
        refused(TestProvider.sign(TestProvider.claims(subject, null), null, "rsa-1", AlgorithmIdentifiers.NONE));
        var foreign = TestProvider.newRsa("rsa-1");
        refused(TestProvider.sign(TestProvider.claims(subject, null), foreign.getPrivateKey(), "rsa-1",
                AlgorithmIdentifiers.RSA_USING_SHA256));
        byte[] publicKeyBytes = provider.rsa.getPublicKey().getEncoded();
        refused(TestProvider.sign(TestProvider.claims(subject, null), new SecretKeySpec(publicKeyBytes, "HmacSHA256"),
                "rsa-1", AlgorithmIdentifiers.HMAC_SHA256));
        refused(TestProvider.sign(TestProvider.claims(subject, null), provider.rsa.getPrivateKey(), null,
                AlgorithmIdentifiers.RSA_USING_SHA256));
        JwtClaims noSubject = TestProvider.claims(subject, null);
        noSubject.unsetClaim("sub");
        refused(TestProvider.sign(noSubject, provider.rsa));
        assertEquals(fetched + 1, provider.requests(), "forgeries reached the provider");

        // The provider unreachable: the keys fetched before keep verifying; an unknown kid is refused.
        provider.down(true);
        try {
            as(rs).get("/api/v1/me").then().statusCode(200).body("userId", equalTo(userId));
            refused(TestProvider.sign(TestProvider.claims(subject, null), TestProvider.newEc("unknown-ec")));
        } finally {
            provider.down(false);
        }
    }

    @Test
    void a_provider_user_is_created_once_with_the_email_claim_and_reaches_everything() throws Exception {
        String subject = "user-" + UUID.randomUUID();
        String token = token(subject);
        String userId = as(token).get("/api/v1/me").then().statusCode(200)
                .body("email", equalTo(subject + "@example.com")).body("issuer", equalTo(TestProvider.ISSUER))
                .body("subject", equalTo(subject)).extract().path("userId");
        as(token(subject)).get("/api/v1/me").then().statusCode(200).body("userId", equalTo(userId));

        // Sync, backups, device keys, server snapshots and live events, like an own account.
        as(token).contentType(ContentType.JSON).body(Map.of("clientId", "phone", "changes",
                List.of(SyncApi.upsert("w-1", "2026-11-20T10:00:00.000Z", 1)))).post("/api/v1/sync/push").then()
                .statusCode(200).body("results[0].status", equalTo("applied"));
        as(token).get("/api/v1/sync/pull").then().statusCode(200).body("changes.size()", equalTo(1));
        as(token).contentType("application/vnd.sqlite3").body(java.nio.file.Files.readAllBytes(SnapshotFiles.create(3)))
                .post("/api/v1/backups").then().statusCode(201);
        as(token).post("/api/v1/backups/snapshot").then().statusCode(201).body("recordCount", equalTo(1));
        String key = as(token).contentType(ContentType.JSON).body(Map.of("name", "tablet")).post("/api/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        as(key).get("/api/v1/sync/pull").then().statusCode(200).body("changes.size()", equalTo(1));
        as(key).get("/api/v1/me").then().statusCode(200).body("userId", equalTo(userId));
        try (EventStream stream = new EventStream(io.restassured.RestAssured.port, token, "clientId=watcher")) {
            assertEquals(200, stream.status);
            as(token).contentType(ContentType.JSON).body(Map.of("clientId", "phone", "changes",
                    List.of(SyncApi.upsert("w-2", "2026-11-20T10:00:00.000Z", 2)))).post("/api/v1/sync/push").then()
                    .statusCode(200);
            EventStream.Event event;
            do {
                event = stream.next(java.time.Duration.ofSeconds(10));
            } while (event != null && !"changes".equals(event.name()) && event != EventStream.END);
            assertEquals("changes", event == null ? null : event.name());
        }
    }

    @Test
    void a_provider_user_has_no_password_here_and_an_own_account_works_beside_it() throws Exception {
        String token = token("user-" + UUID.randomUUID());
        as(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "whatever it is", "newPassword", "a new password here"))
                .post("/api/v1/me/password").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "external-account"));

        TestUsers.Session own = TestUsers.register();
        as(own.accessToken()).get("/api/v1/me").then().statusCode(200).body("email", equalTo(own.email()))
                .body("issuer", nullValue()).body("subject", nullValue());
        // The same email from the provider is another user: a provider's claim never reaches an own account.
        String sameEmail = TestProvider.sign(TestProvider.claims("user-" + UUID.randomUUID(), own.email()), provider.rsa);
        String other = as(sameEmail).get("/api/v1/me").then().statusCode(200).extract().path("userId");
        assertTrue(!other.equals(own.userId().toString()));
        given().contentType(ContentType.JSON).body(Map.of("email", own.email(), "password", TestUsers.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200).body("userId", equalTo(own.userId().toString()));
    }

    @Test
    void a_console_link_signs_a_browser_in_once() throws Exception {
        String token = token("user-" + UUID.randomUUID());
        String url = as(token).post("/api/v1/me/console-link").then().statusCode(200)
                .body("url", startsWith("http")).extract().path("url");
        String path = url.substring(url.indexOf("/signin/link"));
        Response signedIn = given().redirects().follow(false).get(path);
        signedIn.then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/"));
        String cookie = signedIn.getCookie(WebSessions.COOKIE);
        given().cookie(WebSessions.COOKIE, cookie).redirects().follow(false).get("/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("data-backup-count"));
        // Used once: the same link no longer signs in.
        given().redirects().follow(false).get(path).then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("used already or has expired"));
        // A device key cannot make one.
        String key = as(token).contentType(ContentType.JSON).body(Map.of("name", "tablet")).post("/api/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        as(key).post("/api/v1/me/console-link").then().statusCode(403)
                .body("type", equalTo(PROBLEMS + "insufficient-scope"));
    }
}
