package io.keepsync.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A browser page on another origin calls the API: preflight, then the real request, as browsers do. */
@QuarkusTest
@TestProfile(CorsTest.TwoOrigins.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CorsTest {

    static final String APP = "https://app.example";

    public static class TwoOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.cors.origins", APP + ",http://localhost:5173");
        }
    }

    @Test
    void a_preflight_from_an_allowed_origin_is_answered_without_credentials() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-client-id")
                .options("/api/v1/sync/push").then().statusCode(204)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Headers", containsString("X-Backup-Label"))
                .header("Access-Control-Allow-Headers", containsString("If-Range"))
                .header("Vary", containsString("Origin"));
    }

    @Test
    void a_cross_origin_request_sees_the_answer_and_its_exposed_headers() {
        Session session = TestUsers.register();
        session.given().header("Origin", APP).get("/api/v1/me").then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .body("userId", equalTo(session.userId().toString()));
    }

    @Test
    void another_origin_gets_no_cors_headers() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/sync/push").then().header("Access-Control-Allow-Origin", nullValue());
        TestUsers.register().given().header("Origin", "https://evil.example").get("/api/v1/me").then()
                .statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
