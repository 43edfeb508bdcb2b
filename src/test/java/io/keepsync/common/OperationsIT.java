package io.keepsync.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.keepsync.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Runs the operations checks against the packaged jar, which the test starts with nothing but a
 * {@code postgresql://} DATABASE_URL (and the test port), as a hosting platform would.
 */
@QuarkusIntegrationTest
class OperationsIT extends OperationsTest {

    @Test
    void the_packaged_app_is_ready_and_has_applied_the_migrations() throws SQLException {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        try (Connection connection = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                ResultSet rs = connection.createStatement()
                        .executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) >= 1, "Flyway applied no migration");
        }
    }
}
