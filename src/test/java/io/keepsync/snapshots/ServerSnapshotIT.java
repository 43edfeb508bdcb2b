package io.keepsync.snapshots;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.sync.SyncApi;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The packaged application runs with {@code -Xmx128m} (quarkus.test.arg-line): a server snapshot of 100,000 records
 * and a restore that changes every one of them must both succeed, which they cannot if either holds the records in
 * memory.
 */
@QuarkusIntegrationTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ServerSnapshotIT {

    private static final int RECORDS = 100_000;
    private static final int BATCH = 500;

    private static void pushAll(Session session, Instant at, String value) {
        for (int first = 0; first < RECORDS; first += BATCH) {
            List<Map<String, Object>> changes = new ArrayList<>(BATCH);
            for (int i = first; i < first + BATCH; i++) {
                changes.add(SyncApi.change("workout", "w-" + i, "update",
                        Map.of("name", value + " " + i, "notes", "x".repeat(100)), at.toString()));
            }
            SyncApi.push(session, "phone", changes).then().statusCode(200).body("failed.size()", equalTo(0));
        }
    }

    @Test
    void a_hundred_thousand_records_snapshot_and_restore_with_a_128_mib_heap() throws Exception {
        Session session = TestUsers.register();
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        pushAll(session, t, "first");

        Response snapshot = session.given().post("/api/v1/backups/snapshot");
        snapshot.then().statusCode(201).body("recordCount", equalTo(RECORDS));
        try (Connection connection = new org.sqlite.JDBC().connect(
                "jdbc:sqlite:" + ServerSnapshotTest.download(session, snapshot.path("id")), new Properties());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT entity_id) FROM workout")) {
            rs.next();
            assertEquals(RECORDS, rs.getInt(1));
            assertEquals(RECORDS, rs.getInt(2));
        }

        pushAll(session, t.plusSeconds(1), "second");
        session.given().contentType(ContentType.JSON).body(Map.of("backupId", snapshot.path("id")))
                .post("/api/v1/sync/restore").then().statusCode(200)
                .body("restored", equalTo(RECORDS)).body("deleted", equalTo(0)).body("unchanged", equalTo(0));
        session.given().get("/api/v1/sync/status").then().statusCode(200)
                .body("entityTypes.workout.live", equalTo(RECORDS));
        List<Map<String, Object>> page = SyncApi.pull(session, Map.of("limit", 1)).then().statusCode(200)
                .extract().jsonPath().getList("changes");
        assertEquals("first 0", ((Map<?, ?>) page.get(0).get("data")).get("name"));
    }
}
