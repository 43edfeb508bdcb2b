package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApiKeyTest {

    @Test
    void a_key_is_shown_once_and_works_as_a_bearer_token() {
        Session session = TestUsers.register();
        var created = session.given().contentType(ContentType.JSON).body(Map.of("name", "Pixel 7"))
                .post("/api/v1/api-keys")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/api-keys/[0-9a-f-]{36}"))
                .body("name", equalTo("Pixel 7"))
                .body("key", matchesPattern("ks_[A-Za-z0-9_-]{43,}"))
                .body("createdAt", notNullValue())
                .extract();
        String key = created.path("key");

        session.given().get("/api/v1/api-keys").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].key", nullValue())
                .body("[0].lastUsedAt", nullValue());

        given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(200)
                .body("userId", equalTo(session.userId().toString()));

        session.given().get("/api/v1/api-keys").then().statusCode(200)
                .body("[0].id", equalTo(created.path("id")))
                .body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void a_deleted_key_stops_working_at_once() {
        Session session = TestUsers.register();
        var created = session.given().contentType(ContentType.JSON).body(Map.of("name", "tablet"))
                .post("/api/v1/api-keys").then().statusCode(201).extract();
        String key = created.path("key");
        given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(200);
        session.given().delete("/api/v1/api-keys/" + created.path("id")).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(401);
        session.given().get("/api/v1/api-keys").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void another_users_key_is_404_and_survives() {
        Session alice = TestUsers.register();
        Session bob = TestUsers.register();
        var created = alice.given().contentType(ContentType.JSON).body(Map.of("name", "phone"))
                .post("/api/v1/api-keys").then().statusCode(201).extract();
        bob.given().delete("/api/v1/api-keys/" + created.path("id")).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + created.path("key")).get("/api/v1/me").then().statusCode(200);
        bob.given().get("/api/v1/api-keys").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void an_unknown_key_is_401() {
        given().header("Authorization", "Bearer ks_thisKeyWasNeverIssuedToAnyoneAtAllReally000")
                .get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void a_key_cannot_be_created_without_a_name_or_a_session() {
        Session session = TestUsers.register();
        session.given().contentType(ContentType.JSON).body(Map.of("name", " ")).post("/api/v1/api-keys")
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/api/v1/api-keys")
                .then().statusCode(401);
        session.given().get("/api/v1/api-keys").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void a_malformed_key_id_is_a_404() {
        Session session = TestUsers.register();
        session.given().delete("/api/v1/api-keys/not-a-uuid").then().statusCode(404);
    }
}
