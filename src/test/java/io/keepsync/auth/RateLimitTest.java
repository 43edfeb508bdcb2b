package io.keepsync.auth;

import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.ManagementPort;
import io.keepsync.RawHttp;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The per-address limit with its default, 30 a minute, from a peer that is not a trusted proxy (loopback): forged
 * forwarded headers change nothing, and the limit covers register, login, refresh, the console's sign-in and password
 * changes. Each test sends from a loopback address of its own, so that each has a fresh allowance.
 */
@QuarkusTest
@TestProfile(RateLimitTest.DefaultLimit.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RateLimitTest {

    public static class DefaultLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The test profile turns the limit off for the other tests, which all register from one address.
            return Map.of("%test.keepsync.auth.rate-limit", "30");
        }
    }

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByName("127.0.0." + last);
    }

    private static int wrongLogin(InetAddress from, int forged) throws Exception {
        return RawHttp.postJson(from, RestAssured.port, "/api/v1/auth/login", "{\"email\":\"" + TestUsers.freshEmail()
                + "\",\"password\":\"not the password\"}",
                Map.of("X-Forwarded-For", "203.0.113." + forged,
                        "Forwarded", "for=198.51.100." + forged, "X-Real-IP", "192.0.2." + forged));
    }

    /** Logs in with wrong passwords until the address is limited; returns how many got through first. */
    private static int spendAllowance(InetAddress from) throws Exception {
        for (int i = 0; i < 100; i++) {
            int status = wrongLogin(from, i + 1);
            if (status == 429) {
                return i;
            }
            assertEquals(401, status);
        }
        return 100;
    }

    @Test
    void about_the_31st_login_in_a_minute_is_429_whatever_addresses_it_claims_to_come_from() throws Exception {
        InetAddress stranger = address(11);
        int allowed = spendAllowance(stranger);
        // 30 at once, then one every two seconds: the logins themselves take a moment each.
        assertTrue(allowed >= 30 && allowed <= 33, allowed + " logins got through");
        try (RawHttp http = RawHttp.start(stranger, RestAssured.port, "POST", "/api/v1/auth/login",
                Map.of("Content-Type", "application/json", "Content-Length", "2"))) {
            String answer = http.send("{}").answer(5000);
            assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("https://keepsync.io/problems/rate-limited"), answer);
            assertTrue(answer.toLowerCase().matches("(?s).*retry-after: [1-9][0-9]*\r\n.*"), answer);
        }
        // Another address is not affected.
        assertEquals(401, wrongLogin(address(12), 1));
    }

    @Test
    void register_refresh_console_sign_in_and_password_change_share_the_limit() throws Exception {
        Session user = TestUsers.register();
        InetAddress stranger = address(13);
        spendAllowance(stranger);
        int port = RestAssured.port;
        assertEquals(429, RawHttp.postJson(stranger, port, "/api/v1/auth/register", "{\"email\":\""
                + TestUsers.freshEmail() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}", Map.of()));
        assertEquals(429, RawHttp.postJson(stranger, port, "/api/v1/auth/refresh", "{\"refreshToken\":\""
                + user.refreshToken() + "\"}", Map.of()));
        assertEquals(429, RawHttp.postJson(stranger, port, "/api/v1/me/password", "{\"currentPassword\":\""
                + TestUsers.PASSWORD + "\",\"newPassword\":\"another long password\"}",
                Map.of("Authorization", "Bearer " + user.accessToken())));
        try (RawHttp http = RawHttp.start(stranger, port, "POST", "/signin", Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Content-Length", "5"))) {
            assertEquals(429, http.send("a=b&c").status(5000));
        }
        // Nothing else is limited: the user's other requests go on.
        user.given().get("/api/v1/me").then().statusCode(200);
        user.given().get("/api/v1/sync/pull").then().statusCode(200);
    }

    @Test
    void a_limited_request_is_refused_before_its_body_is_sent() throws Exception {
        InetAddress stranger = address(14);
        spendAllowance(stranger);
        try (RawHttp http = RawHttp.start(stranger, RestAssured.port, "POST", "/api/v1/auth/login", Map.of(
                "Content-Type", "application/json", "Content-Length", "60000", "Expect", "100-continue"))) {
            String answer = http.answer(2000);
            assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
            assertTrue(answer.contains("rate-limited"), answer);
        }
    }

    @Test
    void four_hundred_failed_logins_from_one_address_are_mostly_refused_and_slow_no_one() throws Exception {
        List<Integer> statuses = LoginFloodTest.floodBesidePulls(400, 40, address(15));
        long limited = statuses.stream().filter(status -> status == 429).count();
        io.keepsync.Measured.report("of 400 failed logins from one address, limited", limited);
        assertTrue(limited >= 360, limited + " of 400 were limited");
        assertTrue(statuses.stream().allMatch(status -> status == 401 || status == 429), statuses.toString());
    }

    @Test
    void limited_requests_are_counted_in_the_metrics() throws Exception {
        spendAllowance(address(16));
        RestAssured.given().port(ManagementPort.port()).get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*keepsync_auth_rate_limited_total\\{[^}]*path=\"/api/v1/auth/login\"[^}]*\\} "
                        + "[1-9].*"));
    }
}
