package io.keepsync.common;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.console.ConsoleBrowser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The service behind a proxy it trusts (here loopback, made one): the client's address, scheme and host come from the
 * forwarded headers, for the per-address limits, the cookie's Secure flag, Strict-Transport-Security and Location.
 * RateLimitTest sends the same headers from a peer that is not trusted.
 */
@QuarkusTest
@TestProfile(ForwardedHeadersTest.TrustedLoopback.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ForwardedHeadersTest {

    public static class TrustedLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.http.trusted-proxies", "127.0.0.0/8,::1/128", "%test.keepsync.auth.rate-limit", "30");
        }
    }

    private static int login(String forwardedFor) {
        return RestAssured.given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("email", TestUsers.freshEmail(), "password", "not the password")).post("/api/v1/auth/login")
                .statusCode();
    }

    /** Logs in from forwarded addresses until one is limited; returns how many got through first. */
    private static int untilLimited(java.util.function.IntFunction<String> address) {
        for (int i = 0; i < 60; i++) {
            int status = login(address.apply(i));
            if (status == 429) {
                return i;
            }
            assertEquals(401, status);
        }
        return 60;
    }

    @Test
    void each_address_a_trusted_proxy_forwards_for_has_its_own_limit() {
        for (int i = 0; i < 40; i++) {
            assertEquals(401, login("203.0.113." + (i + 1)), "client " + i + " was limited for another's requests");
        }
        // 30 at once, then one every two seconds: the logins themselves take a moment each.
        int allowed = untilLimited(i -> "198.51.100.7");
        assertTrue(allowed >= 30 && allowed <= 33, allowed + " logins got through");
        assertEquals(401, login("198.51.100.8"));
    }

    @Test
    void an_ipv6_client_is_counted_by_its_64_bit_prefix() {
        int allowed = untilLimited(i -> "2001:db8:1:2::" + Integer.toHexString(i + 1));
        assertTrue(allowed >= 30 && allowed <= 33, allowed + " logins got through");
        assertEquals(401, login("2001:db8:1:3::1"));
    }

    @Test
    void https_through_the_proxy_makes_the_cookie_secure_and_asks_for_strict_transport_security() {
        Session user = TestUsers.register();
        String cookie = ConsoleBrowser.postSignIn(user.email(), TestUsers.PASSWORD, "https").then().statusCode(303)
                .header("Strict-Transport-Security", startsWith("max-age=")).extract().header("Set-Cookie");
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly"), cookie);
        RestAssured.given().get("/api/v1/me").then().header("Strict-Transport-Security", nullValue());
        user.given().header("X-Forwarded-Proto", "https").get("/api/v1/me").then().statusCode(200)
                .header("Strict-Transport-Security", equalTo("max-age=31536000"));
    }

    @Test
    void the_location_of_a_new_backup_is_an_https_url_of_the_public_host() throws Exception {
        Session session = TestUsers.register();
        session.given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "keepsync.up.railway.app")
                .contentType("application/octet-stream").body(Files.readAllBytes(SnapshotFiles.create(11)))
                .post("/api/v1/backups").then().statusCode(201)
                .header("Location", startsWith("https://keepsync.up.railway.app/api/v1/backups/"));
    }
}
