package io.keepsync.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OperationsTest {

    @Test
    void cors_is_off_unless_origins_are_configured() {
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/me").then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void liveness_is_up() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readiness_checks_the_database() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections health check")));
    }

    @Test
    void metrics_are_exposed_in_prometheus_format_on_the_management_port_only() {
        given().get("/api/v1/not-here").then().statusCode(404);
        given().port(ManagementPort.port()).get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("http_server_requests_seconds"));
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void health_answers_on_the_api_port_and_the_management_port() {
        for (int port : new int[] { io.restassured.RestAssured.port, ManagementPort.port() }) {
            given().port(port).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().port(port).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void the_openapi_document_describes_the_api() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Keepsync API"))
                .body("info.version", equalTo("1.0.0"))
                .body("paths.keySet()", hasItems("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                        "/api/v1/auth/logout", "/api/v1/me", "/api/v1/api-keys", "/api/v1/api-keys/{id}",
                        "/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/sync/status", "/api/v1/backups",
                        "/api/backup", "/api/v1/backups/summary", "/api/v1/backups/{id}", "/api/v1/backups/{id}/content",
                        "/api/v1/backups/latest/content", "/api/v1/sync/events", "/api/v1/backups/snapshot",
                        "/api/v1/sync/restore"))
                .body("paths.'/api/v1/sync/restore'.post.responses.keySet()", hasItems("200", "403", "404", "409", "422"))
                .body("paths.'/api/v1/backups/snapshot'.post.responses.keySet()", hasItems("201", "403", "507"))
                .body("components.schemas.BackupView.properties.keySet()", hasItems("source", "recordCount", "cursor"));
    }

    @Test
    void swagger_ui_is_served() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
