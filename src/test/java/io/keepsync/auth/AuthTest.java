package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuthTest {

    private static final String PROBLEM = "application/problem+json";

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    void register_answers_201_with_a_session() {
        String email = TestUsers.freshEmail();
        post("/api/v1/auth/register", Map.of("email", email, "password", TestUsers.PASSWORD))
                .then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", matchesPattern(".*/api/v1/me"))
                .body("userId", matchesPattern("[0-9a-f-]{36}"))
                .body("accessToken", matchesPattern("[\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .body("refreshToken", notNullValue())
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900));
    }

    @Test
    void the_email_is_normalised_and_unique() {
        Session session = TestUsers.register();
        post("/api/v1/auth/register", Map.of("email", "  " + session.email().toUpperCase() + " ", "password",
                TestUsers.PASSWORD))
                .then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/email-taken"));
        post("/api/v1/auth/login", Map.of("email", session.email().toUpperCase(), "password", TestUsers.PASSWORD))
                .then().statusCode(200).body("userId", equalTo(session.userId().toString()));
    }

    @Test
    void invalid_registrations_are_400_with_violations() {
        post("/api/v1/auth/register", Map.of("email", "not-an-email", "password", "short"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("email"))
                .body("violations.field", hasItem("password"));
        post("/api/v1/auth/register", Map.of("email", TestUsers.freshEmail()))
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("password"));
        given().contentType(ContentType.JSON).post("/api/v1/auth/register").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void a_failed_registration_writes_nothing() {
        String email = TestUsers.freshEmail();
        post("/api/v1/auth/register", Map.of("email", email, "password", "short")).then().statusCode(400);
        post("/api/v1/auth/login", Map.of("email", email, "password", "short")).then().statusCode(400);
        post("/api/v1/auth/register", Map.of("email", email, "password", TestUsers.PASSWORD)).then().statusCode(201);
    }

    @Test
    void login_gives_one_message_for_unknown_email_and_wrong_password() {
        Session session = TestUsers.register();
        String wrongPassword = post("/api/v1/auth/login",
                Map.of("email", session.email(), "password", "wrong password!"))
                .then().statusCode(401).contentType(PROBLEM).extract().path("detail");
        String unknownEmail = post("/api/v1/auth/login",
                Map.of("email", TestUsers.freshEmail(), "password", "wrong password!"))
                .then().statusCode(401).contentType(PROBLEM).extract().path("detail");
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void repeated_failures_for_one_email_answer_429_with_retry_after() {
        Session session = TestUsers.register();
        for (int i = 0; i < 5; i++) {
            post("/api/v1/auth/login", Map.of("email", session.email(), "password", "wrong password!"))
                    .then().statusCode(401);
        }
        post("/api/v1/auth/login", Map.of("email", session.email(), "password", TestUsers.PASSWORD))
                .then().statusCode(429).contentType(PROBLEM)
                .header("Retry-After", matchesPattern("\\d+"))
                .body("type", equalTo("https://keepsync.io/problems/too-many-attempts"));
        // Other emails are not affected.
        Session other = TestUsers.register();
        post("/api/v1/auth/login", Map.of("email", other.email(), "password", TestUsers.PASSWORD))
                .then().statusCode(200);
    }

    @Test
    void a_refresh_token_rotates_and_is_single_use() {
        Session session = TestUsers.register();
        Response rotated = post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken()));
        rotated.then().statusCode(200).body("userId", equalTo(session.userId().toString()))
                .body("refreshToken", not(equalTo(session.refreshToken())));
        String next = rotated.path("refreshToken");
        given().header("Authorization", "Bearer " + rotated.path("accessToken")).get("/api/v1/me")
                .then().statusCode(200);

        // Reuse of the first token is theft: the whole family dies, including the token issued after it.
        post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken()))
                .then().statusCode(401).contentType(PROBLEM);
        post("/api/v1/auth/refresh", Map.of("refreshToken", next)).then().statusCode(401);
    }

    @Test
    void reuse_revokes_only_its_own_family() {
        Session session = TestUsers.register();
        String otherSession = post("/api/v1/auth/login", Map.of("email", session.email(), "password",
                TestUsers.PASSWORD)).then().statusCode(200).extract().path("refreshToken");
        post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken())).then().statusCode(200);
        post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken())).then().statusCode(401);
        post("/api/v1/auth/refresh", Map.of("refreshToken", otherSession)).then().statusCode(200);
    }

    @Test
    void unknown_refresh_tokens_are_401() {
        post("/api/v1/auth/refresh", Map.of("refreshToken", "made-up")).then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void logout_revokes_the_family() {
        Session session = TestUsers.register();
        String next = post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken()))
                .then().statusCode(200).extract().path("refreshToken");
        session.given().contentType(ContentType.JSON).body(Map.of("refreshToken", next))
                .post("/api/v1/auth/logout").then().statusCode(204);
        post("/api/v1/auth/refresh", Map.of("refreshToken", next)).then().statusCode(401);
    }

    @Test
    void logout_needs_authentication() {
        Session session = TestUsers.register();
        post("/api/v1/auth/logout", Map.of("refreshToken", session.refreshToken())).then().statusCode(401);
        post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken())).then().statusCode(200);
    }

    @Test
    void logout_cannot_end_another_users_session() {
        Session alice = TestUsers.register();
        Session bob = TestUsers.register();
        bob.given().contentType(ContentType.JSON).body(Map.of("refreshToken", alice.refreshToken()))
                .post("/api/v1/auth/logout").then().statusCode(204);
        post("/api/v1/auth/refresh", Map.of("refreshToken", alice.refreshToken())).then().statusCode(200);
    }

    @Test
    void me_shows_the_account() {
        Session session = TestUsers.register();
        session.given().get("/api/v1/me").then().statusCode(200)
                .body("userId", equalTo(session.userId().toString()))
                .body("email", equalTo(session.email()))
                .body("createdAt", notNullValue());
    }

    @Test
    void deleting_the_account_ends_every_credential() {
        Session session = TestUsers.register();
        String apiKey = session.apiKey();
        session.given().delete("/api/v1/me").then().statusCode(204);
        session.given().get("/api/v1/me").then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + apiKey).get("/api/v1/me").then().statusCode(401);
        post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken())).then().statusCode(401);
        post("/api/v1/auth/login", Map.of("email", session.email(), "password", TestUsers.PASSWORD))
                .then().statusCode(401);
        // The email is free again.
        post("/api/v1/auth/register", Map.of("email", session.email(), "password", TestUsers.PASSWORD))
                .then().statusCode(201);
    }

    @Test
    void two_sessions_get_different_tokens() {
        Session session = TestUsers.register();
        String second = post("/api/v1/auth/login", Map.of("email", session.email(), "password", TestUsers.PASSWORD))
                .then().statusCode(200).extract().path("refreshToken");
        assertNotEquals(session.refreshToken(), second);
    }
}
