package io.keepsync;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Creates a fresh account per test through the public API, so no test depends on another's data. */
public final class TestUsers {

    public static final String PASSWORD = "correct horse battery";

    private TestUsers() {
    }

    /** A registered user with a live session. */
    public record Session(UUID userId, String email, String accessToken, String refreshToken) {

        public RequestSpecification given() {
            return io.restassured.RestAssured.given().header("Authorization", "Bearer " + accessToken);
        }

        /** A new device API key of this user. */
        public String apiKey() {
            return given().contentType(ContentType.JSON).body(Map.of("name", "device"))
                    .post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
        }
    }

    public static String freshEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public static Session register() {
        String email = freshEmail();
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .post("/api/v1/auth/register");
        response.then().statusCode(201);
        return new Session(UUID.fromString(response.path("userId")), email, response.path("accessToken"),
                response.path("refreshToken"));
    }
}
