package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.console.ConsoleBrowser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Changing the password and signing out everywhere end sessions; sessions end at their maximum age; sweeps. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SessionsTest {

    private static final String NEW_PASSWORD = "a brand new password";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuthHousekeeping housekeeping;

    private static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/login");
    }

    private static Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/v1/auth/refresh");
    }

    private static Session loginAgain(Session user) {
        Response answer = login(user.email(), TestUsers.PASSWORD);
        answer.then().statusCode(200);
        return new Session(user.userId(), user.email(), answer.path("accessToken"), answer.path("refreshToken"));
    }

    private static Response changePassword(Session as, String current, String next) {
        return as.given().contentType(ContentType.JSON).body(Map.of("currentPassword", current, "newPassword", next))
                .post("/api/v1/me/password");
    }

    @Test
    void changing_the_password_ends_every_other_session_and_keeps_this_one() {
        Session phone = TestUsers.register();
        Session laptop = loginAgain(phone);
        String key = phone.apiKey();
        ConsoleBrowser browser = ConsoleBrowser.signIn(phone);

        changePassword(phone, TestUsers.PASSWORD, NEW_PASSWORD).then().statusCode(204).header("Cache-Control",
                "no-store");

        phone.given().get("/api/v1/me").then().statusCode(200);
        refresh(phone.refreshToken()).then().statusCode(200);
        laptop.given().get("/api/v1/me").then().statusCode(401);
        refresh(laptop.refreshToken()).then().statusCode(401);
        browser.given().get("/").then().statusCode(303);
        // Device keys are not sessions: they stay until revoked.
        given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(200);
        login(phone.email(), TestUsers.PASSWORD).then().statusCode(401);
        login(phone.email(), NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void a_wrong_current_password_or_a_short_new_one_is_400_and_changes_nothing() {
        Session user = TestUsers.register();
        Session other = loginAgain(user);
        changePassword(user, "not the password", NEW_PASSWORD).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("currentPassword"));
        changePassword(user, TestUsers.PASSWORD, "short").then().statusCode(400)
                .body("violations[0].field", equalTo("newPassword"));
        other.given().get("/api/v1/me").then().statusCode(200);
        login(user.email(), TestUsers.PASSWORD).then().statusCode(200);
    }

    @Test
    void wrong_current_passwords_count_towards_the_lockout() {
        Session user = TestUsers.register();
        for (int i = 0; i < 5; i++) {
            changePassword(user, "wrong " + i + " password", NEW_PASSWORD).then().statusCode(400);
        }
        changePassword(user, TestUsers.PASSWORD, NEW_PASSWORD).then().statusCode(429)
                .body("type", equalTo("https://keepsync.io/problems/too-many-attempts"));
        login(user.email(), TestUsers.PASSWORD).then().statusCode(429);
    }

    @Test
    void signing_out_everywhere_ends_every_session_of_the_account() {
        Session phone = TestUsers.register();
        Session laptop = loginAgain(phone);
        ConsoleBrowser browser = ConsoleBrowser.signIn(phone);
        String key = phone.apiKey();

        phone.given().post("/api/v1/me/sign-out-everywhere").then().statusCode(204);

        for (Session session : new Session[] { phone, laptop }) {
            session.given().get("/api/v1/me").then().statusCode(401);
            refresh(session.refreshToken()).then().statusCode(401);
        }
        browser.given().get("/").then().statusCode(303);
        given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(200);
        login(phone.email(), TestUsers.PASSWORD).then().statusCode(200);
    }

    @Test
    void a_session_ends_at_its_maximum_age_however_often_it_was_refreshed() throws Exception {
        Session user = TestUsers.register();
        String next = refresh(user.refreshToken()).then().statusCode(200).extract().path("refreshToken");
        Instant expires = single("SELECT expires_at FROM auth_sessions WHERE user_id = '" + user.userId() + "'");
        assertTrue(Duration.between(Instant.now(), expires).minus(Duration.ofDays(90)).abs().toMinutes() < 5,
                "the session expires at " + expires);
        Instant tokenExpiry = single("SELECT max(expires_at) FROM refresh_tokens WHERE user_id = '" + user.userId()
                + "'");
        assertTrue(!tokenExpiry.isAfter(expires), "a refresh token outlives its session");

        sql("UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = '" + user.userId() + "'");
        refresh(next).then().statusCode(401);
        user.given().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void the_sweep_removes_what_lets_nobody_in_and_keeps_live_sessions() throws Exception {
        Session ended = TestUsers.register();
        ended.given().contentType(ContentType.JSON).body(Map.of("refreshToken", ended.refreshToken()))
                .post("/api/v1/auth/logout").then().statusCode(204);
        Session live = TestUsers.register();
        String failing = TestUsers.freshEmail();
        login(failing, "not the password").then().statusCode(401);
        sql("UPDATE login_failures SET first_failure_at = now() - interval '1 day' WHERE email = '" + failing + "'");
        Session expired = TestUsers.register();
        sql("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = '" + expired.userId()
                + "'");

        assertTrue(housekeeping.sweep() >= 3);

        assertEquals(0, count("SELECT count(*) FROM auth_sessions WHERE user_id = '" + ended.userId() + "'"));
        assertEquals(0, count("SELECT count(*) FROM refresh_tokens WHERE user_id IN ('" + ended.userId() + "', '"
                + expired.userId() + "')"));
        assertEquals(0, count("SELECT count(*) FROM login_failures WHERE email = '" + failing + "'"));
        live.given().get("/api/v1/me").then().statusCode(200);
        refresh(live.refreshToken()).then().statusCode(200);
    }

    @Test
    void the_sweep_removes_signing_keys_only_once_every_token_they_signed_has_expired() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        String privateKey = java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        String publicKey = java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        sql("INSERT INTO signing_keys (id, private_key, public_key, created_at, retired_at) VALUES "
                + "('long-retired', '" + privateKey + "', '" + publicKey + "', now() - interval '2 days', "
                + "now() - interval '1 day'), ('just-retired', '" + privateKey + "', '" + publicKey + "', "
                + "now() - interval '2 days', now())");
        housekeeping.sweep();
        assertEquals(0, count("SELECT count(*) FROM signing_keys WHERE id = 'long-retired'"));
        assertEquals(1, count("SELECT count(*) FROM signing_keys WHERE id = 'just-retired'"));
        sql("DELETE FROM signing_keys WHERE id = 'just-retired'");
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private long count(String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Instant single(String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
