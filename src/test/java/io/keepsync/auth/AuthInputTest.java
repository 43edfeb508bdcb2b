package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Emails, key names and JSON bodies as clients really send them: kept exactly or refused with a 4xx problem. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AuthInputTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void an_email_with_broken_text_or_a_nul_is_a_400_problem() {
        for (String email : List.of("a\uD800@example.com", "nul\u0000@example.com")) {
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestUsers.PASSWORD))
                    .post("/api/v1/auth/register").then().statusCode(400).contentType(PROBLEM);
        }
    }

    @Test
    void a_json_body_that_is_not_utf8_is_a_400_problem() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"email\":\"e".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] { (byte) 0xC0, (byte) 0xAF });
        body.writeBytes(("@example.com\",\"password\":\"" + TestUsers.PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8));
        given().contentType(ContentType.JSON).body(body.toByteArray()).post("/api/v1/auth/register").then()
                .statusCode(400).contentType(PROBLEM);
    }

    @Test
    void a_repeated_key_is_a_400_problem_from_our_mapper() {
        String email = TestUsers.freshEmail();
        for (String path : List.of("/api/v1/auth/register", "/api/v1/auth/login")) {
            given().contentType(ContentType.JSON)
                    .body("{\"email\":\"" + email + "\",\"email\":\"other-" + email + "\",\"password\":\""
                            + TestUsers.PASSWORD + "\"}")
                    .post(path).then().statusCode(400).contentType(PROBLEM)
                    .body("type", startsWith("https://keepsync.io/problems/"));
        }
    }

    @Test
    void an_api_key_name_with_broken_text_or_a_nul_is_a_400_problem() {
        Session session = TestUsers.register();
        for (String name : List.of("phone\u0000", "half \uD83D")) {
            session.given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/api/v1/api-keys").then()
                    .statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("name"));
        }
        session.given().contentType(ContentType.JSON).body(Map.of("name", "Pixel \uD83D\uDCF1 バックアップ"))
                .post("/api/v1/api-keys").then().statusCode(201).body("name", equalTo("Pixel \uD83D\uDCF1 バックアップ"));
    }
}
