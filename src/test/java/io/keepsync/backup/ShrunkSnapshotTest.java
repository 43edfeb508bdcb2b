package io.keepsync.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A snapshot that lost its content against the device's previous one (the main file of a WAL database copied without
 * a checkpoint is a valid, empty database) is stored, but flagged.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShrunkSnapshotTest {

    private static Response upload(Session session, String clientId, Path file) {
        return session.given().contentType("application/octet-stream").header("X-Client-Id", clientId)
                .body(file.toFile()).post("/api/v1/backups");
    }

    /** A valid database with no tables: what such a copy holds. */
    private static Path emptyDatabase(int userVersion) throws Exception {
        Path file = Files.createTempFile("empty-", ".sqlite");
        Files.delete(file);
        file.toFile().deleteOnExit();
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version=" + userVersion);
        }
        return file;
    }

    @Test
    void an_emptied_snapshot_is_stored_with_the_shrunk_warning_against_the_same_devices_previous_one() throws Exception {
        Session session = TestUsers.register();
        Response full = upload(session, "phone", Snapshots.create(2000, 1));
        full.then().statusCode(201).body("warnings", empty()).body("previous", nullValue());
        String fullId = full.path("id");
        long fullPages = ((Number) full.path("sqlite.pageCount")).longValue();

        String emptyId = upload(session, "phone", emptyDatabase(1)).then().statusCode(201)
                .body("warnings", equalTo(List.of("shrunk")))
                .body("previous.id", equalTo(fullId))
                .body("previous.tableCount", equalTo(2))
                .body("previous.pageCount", equalTo((int) fullPages))
                .body("sqlite.tableCount", equalTo(0))
                .extract().path("id");

        // Another device has no earlier backup to compare with; the phone's next full copy compares with its empty one.
        upload(session, "tablet", emptyDatabase(2)).then().statusCode(201).body("warnings", empty());
        upload(session, "phone", Snapshots.create(2001, 1)).then().statusCode(201).body("warnings", empty());

        session.given().get("/api/v1/backups").then().statusCode(200)
                .body("items.find { it.id == '" + emptyId + "' }.warnings", equalTo(List.of("shrunk")))
                .body("items.findAll { it.warnings.size() > 0 }.size()", equalTo(1));
        session.given().get("/api/v1/backups/" + emptyId).then().statusCode(200)
                .body("warnings", equalTo(List.of("shrunk")));
        session.given().get("/api/v1/backups/summary").then().statusCode(200)
                .body("shrunkCount", equalTo(1)).body("lastBackupWarnings", empty());
        given().port(io.keepsync.ManagementPort.port()).get("/q/metrics").then().statusCode(200)
                .body(containsString("keepsync_backup_uploads_shrunk_total"));
    }

    @Test
    void under_half_the_pages_is_shrunk_even_with_every_table_and_the_summary_says_so() throws Exception {
        Session session = TestUsers.register();
        upload(session, "laptop", Snapshots.create(4000, 1)).then().statusCode(201).body("warnings", empty());
        upload(session, "laptop", Snapshots.create(100, 1)).then().statusCode(201)
                .body("warnings", equalTo(List.of("shrunk"))).body("sqlite.tableCount", equalTo(2));
        session.given().get("/api/v1/backups/summary").then().statusCode(200)
                .body("shrunkCount", equalTo(1)).body("lastBackupWarnings", equalTo(List.of("shrunk")));
    }
}
