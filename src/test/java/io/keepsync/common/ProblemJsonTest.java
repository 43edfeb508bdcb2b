package io.keepsync.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProblemJsonTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void an_unknown_route_is_a_404_problem() {
        given().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/not-found"))
                .body("status", equalTo(404))
                .body("title", notNullValue())
                .body("instance", equalTo("/api/v1/no-such-thing"));
    }

    @Test
    void a_wrong_method_is_a_405_problem() {
        given().delete("/test-probe")
                .then().statusCode(405).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/method-not-allowed"))
                .body("status", equalTo(405));
    }

    @Test
    void an_unsupported_media_type_is_a_415_problem() {
        given().contentType(ContentType.TEXT).body("hello").post("/test-probe")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/unsupported-media-type"));
    }

    @Test
    void malformed_json_is_a_400_problem() {
        given().contentType(ContentType.JSON).body("{\"email\": ").post("/test-probe")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/malformed-request"))
                .body("detail", not(containsString("jackson")));
    }

    @Test
    void a_wrongly_typed_field_is_a_400_problem_naming_the_field() {
        given().contentType(ContentType.JSON).body("{\"email\": {\"a\": 1}}").post("/test-probe")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItems("email"));
    }

    @Test
    void bean_validation_lists_every_violation() {
        given().contentType(ContentType.JSON).body("{\"email\": \"nope\", \"password\": \"short\"}")
                .post("/test-probe")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/validation"))
                .body("violations.field", hasItems("email", "password"));
    }

    @Test
    void an_unexpected_failure_is_a_500_with_a_correlation_id_and_no_internals() {
        String body = given().get("/test-probe/boom")
                .then().statusCode(500).contentType(PROBLEM)
                .header("X-Correlation-Id", matchesPattern("[0-9a-f-]{36}"))
                .body("type", equalTo("https://keepsync.io/problems/internal"))
                .body("correlationId", matchesPattern("[0-9a-f-]{36}"))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("IllegalStateException"), body);
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("secret internals"), body);
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("com.example"), body);
    }
}
