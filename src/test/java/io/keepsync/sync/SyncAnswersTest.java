package io.keepsync.sync;

import static io.keepsync.sync.SyncApi.change;
import static io.keepsync.sync.SyncApi.pull;
import static io.keepsync.sync.SyncApi.push;
import static io.keepsync.sync.SyncApi.upsert;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;

/** What conflict-aware clients read from the answers: the winner of a lost write, and instants to the millisecond. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SyncAnswersTest {

    private static final String T1 = "2026-11-20T10:00:00.100Z";
    private static final String T2 = "2026-11-20T10:00:00.200Z";
    private static final String MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void a_stale_change_and_its_retry_carry_the_stored_winner_in_the_pull_shape() {
        Session session = TestUsers.register();
        push(session, "phone", List.of(upsert("w-1", T2, "phone's"))).then().statusCode(200);
        int version = pull(session, Map.of()).then().extract().path("changes[0].version");
        Map<String, Object> lost = upsert("w-1", T1, "tablet's");

        for (int attempt = 0; attempt < 2; attempt++) {
            String path = attempt == 0 ? "results[0]" : "results[0]";
            push(session, "tablet", List.of(lost)).then().statusCode(200)
                    .body(path + ".status", equalTo(attempt == 0 ? "stale" : "duplicate"))
                    .body(path + ".originalStatus", equalTo(attempt == 0 ? null : "stale"))
                    .body(path + ".current.entityType", equalTo("workout"))
                    .body(path + ".current.entityId", equalTo("w-1"))
                    .body(path + ".current.action", equalTo("upsert"))
                    .body(path + ".current.data.value", equalTo("phone's"))
                    .body(path + ".current.lastModifiedAt", equalTo(T2))
                    .body(path + ".current.clientId", equalTo("phone"))
                    .body(path + ".current.version", equalTo(version));
        }
    }

    @Test
    void a_change_that_lost_to_a_delete_carries_the_tombstone_and_applied_ones_carry_nothing() {
        Session session = TestUsers.register();
        push(session, "phone", List.of(change("workout", "w-2", "delete", null, T2))).then().statusCode(200);
        Map<String, Object> same = upsert("w-2", T1, "late");
        Map<String, Object> duplicateInBatch = new java.util.LinkedHashMap<>(same);
        push(session, "tablet", List.of(same, duplicateInBatch, upsert("w-3", T1, "new"))).then().statusCode(200)
                .body("results.status", contains("stale", "duplicate", "applied"))
                .body("results[0].current.action", equalTo("delete"))
                .body("results[0].current.data", nullValue())
                .body("results[1].current.action", equalTo("delete"))
                .body("results[2].current", nullValue());
    }

    @Test
    void every_instant_in_every_answer_has_exactly_three_fractional_digits() throws Exception {
        Session session = TestUsers.register();
        push(session, "phone", List.of(upsert("w-1", "2026-11-20T10:00:00Z", 1))).then().statusCode(200)
                .body("serverTime", matchesPattern(MILLIS));
        pull(session, Map.of("clientId", "phone")).then().statusCode(200).body("serverTime", matchesPattern(MILLIS))
                .body("changes[0].lastModifiedAt", equalTo("2026-11-20T10:00:00.000Z"));
        session.given().get("/api/v1/sync/status").then().statusCode(200)
                .body("serverTime", matchesPattern(MILLIS))
                .body("clients[0].lastPushAt", matchesPattern(MILLIS))
                .body("clients[0].lastPullAt", matchesPattern(MILLIS));
        session.given().contentType("application/octet-stream").body(SnapshotFiles.create(3).toFile())
                .post("/api/v1/backups").then().statusCode(201)
                .body("createdAt", matchesPattern(MILLIS)).body("verifiedAt", matchesPattern(MILLIS));
        session.given().get("/api/v1/backups/summary").then().body("lastBackupAt", matchesPattern(MILLIS));
        session.given().get("/api/v1/me").then().body("createdAt", matchesPattern(MILLIS));
        session.apiKey();
        session.given().get("/api/v1/api-keys").then().body("createdAt", everyItem(matchesPattern(MILLIS)))
                .body("createdAt", everyItem(notNullValue()));
    }
}
