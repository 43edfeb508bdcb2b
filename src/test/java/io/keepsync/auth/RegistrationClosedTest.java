package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(RegistrationClosedTest.Closed.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RegistrationClosedTest {

    public static class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.auth.registration", "closed");
        }
    }

    @Test
    void registration_answers_403_when_closed_by_config() {
        String email = TestUsers.freshEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestUsers.PASSWORD))
                .post("/api/v1/auth/register")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://keepsync.io/problems/registration-closed"));
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestUsers.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(401);
    }

    @Test
    void the_console_offers_no_create_account_and_refuses_one_when_closed() {
        given().get("/signin").then().statusCode(200).body(not(containsString("create-account")));
        given().get("/signup").then().statusCode(403).body(containsString("does not accept new accounts"));
        String email = TestUsers.freshEmail();
        String token = given().get("/signin").cookie("keepsync_signin");
        given().redirects().follow(false).cookie("keepsync_signin", token).contentType(ContentType.URLENC)
                .formParam("email", email).formParam("password", TestUsers.PASSWORD).formParam("csrf", token)
                .post("/signup").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestUsers.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(401);
    }
}
