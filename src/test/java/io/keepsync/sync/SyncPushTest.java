package io.keepsync.sync;

import static io.keepsync.sync.SyncApi.change;
import static io.keepsync.sync.SyncApi.pull;
import static io.keepsync.sync.SyncApi.pullAll;
import static io.keepsync.sync.SyncApi.push;
import static io.keepsync.sync.SyncApi.upsert;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
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
class SyncPushTest {

    private static final String T1 = "2026-11-20T10:00:00.100Z";
    private static final String T2 = "2026-11-20T10:00:00.200Z";
    private static final String T3 = "2026-11-20T10:00:00.300Z";

    private static Map<String, Object> stored(Session session, String entityId) {
        return pullAll(session, 1000).stream().filter(c -> entityId.equals(c.get("entityId"))).findFirst()
                .orElse(null);
    }

    @Test
    void a_push_is_applied_and_pulled_back() {
        Session session = TestUsers.register();
        Map<String, Object> change = change("workout", "w-42", "create", Map.of("name", "Legs", "sets", 5), T1);
        push(session, "pixel-7", List.of(change)).then().statusCode(200)
                .body("results[0].id", equalTo(change.get("id")))
                .body("results[0].status", equalTo("applied"))
                .body("results[0].version", equalTo(1))
                .body("success", contains(change.get("id")))
                .body("failed", empty())
                .body("cursor", notNullValue())
                .body("serverTime", notNullValue());
        pull(session, Map.of()).then().statusCode(200)
                .body("changes", hasSize(1))
                .body("changes[0].entityType", equalTo("workout"))
                .body("changes[0].entityId", equalTo("w-42"))
                .body("changes[0].action", equalTo("upsert"))
                .body("changes[0].data.name", equalTo("Legs"))
                .body("changes[0].data.sets", equalTo(5))
                .body("changes[0].lastModifiedAt", equalTo(T1))
                .body("changes[0].clientId", equalTo("pixel-7"))
                .body("changes[0].version", equalTo(1))
                .body("hasMore", equalTo(false));
    }

    @Test
    void an_older_change_is_stale_and_the_stored_record_stays() {
        Session session = TestUsers.register();
        push(session, "a", List.of(upsert("w", T2, "new"))).then().statusCode(200);
        push(session, "a", List.of(upsert("w", T1, "old"))).then().statusCode(200)
                .body("results[0].status", equalTo("stale"))
                .body("success", hasSize(1));
        assertEquals(Map.of("value", "new"), stored(session, "w").get("data"));
    }

    @Test
    void a_tie_on_lastModifiedAt_is_broken_by_clientId() {
        Session session = TestUsers.register();
        push(session, "device-a", List.of(upsert("w", T1, "from a"))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        push(session, "device-b", List.of(upsert("w", T1, "from b"))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        push(session, "device-a", List.of(upsert("w", T1, "from a again"))).then().statusCode(200)
                .body("results[0].status", equalTo("stale"));
        push(session, "device-b", List.of(upsert("w", T1, "same pair"))).then().statusCode(200)
                .body("results[0].status", equalTo("stale"));
        assertEquals("from b", ((Map<?, ?>) stored(session, "w").get("data")).get("value"));
    }

    @Test
    void create_of_an_existing_record_is_an_update_under_the_same_rule() {
        Session session = TestUsers.register();
        push(session, "a", List.of(change("workout", "w", "create", Map.of("v", 1), T1))).then().statusCode(200);
        push(session, "a", List.of(change("workout", "w", "create", Map.of("v", 2), T2))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        push(session, "a", List.of(change("workout", "w", "create", Map.of("v", 0), T1))).then().statusCode(200)
                .body("results[0].status", equalTo("stale"));
        assertEquals(Map.of("v", 2), stored(session, "w").get("data"));
    }

    @Test
    void a_delete_is_a_tombstone_that_older_writes_do_not_revive_and_newer_ones_do() {
        Session session = TestUsers.register();
        push(session, "a", List.of(upsert("w", T1, "x"))).then().statusCode(200);
        push(session, "a", List.of(change("workout", "w", "delete", null, T2))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        Map<String, Object> tombstone = stored(session, "w");
        assertEquals("delete", tombstone.get("action"));
        assertEquals(null, tombstone.get("data"));

        push(session, "b", List.of(upsert("w", T1, "older"))).then().statusCode(200)
                .body("results[0].status", equalTo("stale"));
        assertEquals("delete", stored(session, "w").get("action"));

        push(session, "b", List.of(upsert("w", T3, "newer"))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        Map<String, Object> revived = stored(session, "w");
        assertEquals("upsert", revived.get("action"));
        assertEquals(Map.of("value", "newer"), revived.get("data"));
    }

    @Test
    void a_delete_of_an_unknown_record_stores_a_tombstone() {
        Session session = TestUsers.register();
        push(session, "a", List.of(change("workout", "ghost", "delete", null, T2))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        push(session, "b", List.of(upsert("ghost", T1, "late create"))).then().statusCode(200)
                .body("results[0].status", equalTo("stale"));
    }

    @Test
    void a_retried_mutation_is_a_duplicate_with_the_original_outcome_and_changes_nothing() {
        Session session = TestUsers.register();
        Map<String, Object> change = upsert("w", T1, "first");
        int version = push(session, "a", List.of(change)).then().statusCode(200).extract().path("results[0].version");
        push(session, "a", List.of(change)).then().statusCode(200)
                .body("results[0].status", equalTo("duplicate"))
                .body("results[0].originalStatus", equalTo("applied"))
                .body("results[0].version", equalTo(version))
                .body("success", contains(change.get("id")));
        Map<String, Object> same = new HashMap<>(change);
        same.put("data", Map.of("value", "sneaky"));
        same.put("lastModifiedAt", T3);
        push(session, "a", List.of(same)).then().statusCode(200).body("results[0].status", equalTo("duplicate"));
        Map<String, Object> record = stored(session, "w");
        assertEquals(Map.of("value", "first"), record.get("data"));
        assertEquals(version, record.get("version"));
    }

    @Test
    void the_same_id_twice_in_one_push_is_applied_once() {
        Session session = TestUsers.register();
        Map<String, Object> change = upsert("w", T1, "x");
        push(session, "a", List.of(change, change)).then().statusCode(200)
                .body("results.status", contains("applied", "duplicate"))
                .body("results[1].originalStatus", equalTo("applied"));
    }

    @Test
    void invalid_changes_are_rejected_with_reasons_while_valid_ones_apply() {
        Session session = TestUsers.register();
        Map<String, Object> good = upsert("ok", T1, 1);
        Map<String, Object> badType = change("Bad-Type", "x", "create", Map.of(), T1);
        Map<String, Object> noTime = change("workout", "y", "create", Map.of("a", 1), null);
        Map<String, Object> badAction = change("workout", "z", "upsert", Map.of(), T1);
        Map<String, Object> notObject = change("workout", "q", "create", null, T1);
        notObject.put("data", List.of(1, 2));
        Map<String, Object> badTime = change("workout", "t", "create", Map.of(), "yesterday");
        push(session, "a", List.of(good, badType, noTime, badAction, notObject, badTime)).then().statusCode(200)
                .body("results.status", contains("applied", "rejected", "rejected", "rejected", "rejected", "rejected"))
                .body("success", contains(good.get("id")))
                .body("failed", hasSize(5))
                .body("failed[0].id", equalTo(badType.get("id")))
                .body("failed[0].error", equalTo("entityType must match ^[a-z][a-z0-9_]{0,62}$"))
                .body("failed[1].error", equalTo("lastModifiedAt is required (or data.lastModifiedAt, or createdAt)"));
        assertEquals(1, pullAll(session, 100).size());
        // A rejected change is recorded too: its retry is a duplicate, so a client queue never loops on it.
        push(session, "a", List.of(badType)).then().statusCode(200)
                .body("results[0].status", equalTo("duplicate"))
                .body("results[0].originalStatus", equalTo("rejected"))
                .body("results[0].error", notNullValue());
    }

    @Test
    void lastModifiedAt_falls_back_to_data_then_createdAt() {
        Session session = TestUsers.register();
        Map<String, Object> fromData = change("workout", "d", "create", Map.of("lastModifiedAt", T2, "n", 1), null);
        Map<String, Object> fromCreated = change("workout", "c", "create", Map.of("n", 2), null);
        fromCreated.put("createdAt", T3);
        Map<String, Object> epochMillis = change("workout", "e", "create", Map.of("n", 3), null);
        epochMillis.put("lastModifiedAt", Instant.parse(T1).toEpochMilli());
        push(session, "a", List.of(fromData, fromCreated, epochMillis)).then().statusCode(200)
                .body("results.status", contains("applied", "applied", "applied"));
        assertEquals(T2, stored(session, "d").get("lastModifiedAt"));
        assertEquals(T3, stored(session, "c").get("lastModifiedAt"));
        assertEquals(T1, stored(session, "e").get("lastModifiedAt"));
    }

    @Test
    void only_a_top_level_data_lastModifiedAt_counts_and_it_must_be_a_timestamp() {
        Session session = TestUsers.register();
        Map<String, Object> nested = change("workout", "n", "create", Map.of("meta", Map.of("lastModifiedAt", T2)), null);
        Map<String, Object> object = change("workout", "o", "create", Map.of("lastModifiedAt", Map.of("at", T2)), null);
        Map<String, Object> nullInData = new HashMap<>();
        nullInData.put("lastModifiedAt", null);
        Map<String, Object> fromCreated = change("workout", "c", "create", nullInData, null);
        fromCreated.put("createdAt", T3);
        push(session, "a", List.of(nested, object, fromCreated)).then().statusCode(200)
                .body("results.status", contains("rejected", "rejected", "applied"))
                .body("failed[0].error", equalTo("lastModifiedAt is required (or data.lastModifiedAt, or createdAt)"))
                .body("failed[1].error", equalTo("lastModifiedAt must be an ISO-8601 timestamp or epoch milliseconds"));
        assertEquals(T3, stored(session, "c").get("lastModifiedAt"));
    }

    @Test
    void data_is_stored_compact_with_its_numbers_as_written() {
        Session session = TestUsers.register();
        String data = """
                { "price" : 0.1000000000000000055511151231257827, "big": 123456789012345678901234567890,
                  "tiny": 1.5E-300, "list": [ 1 , 2.50 , -0 ], "text": "caf\\u00e9 \\\"q\\\"", "none": null }""";
        String body = """
                {"clientId": "a", "changes": [{"id": "m-1", "entityType": "workout", "entityId": "n",
                 "action": "create", "lastModifiedAt": "%s", "data": %s}]}""".formatted(T1, data);
        session.given().contentType(ContentType.JSON).body(body).post("/api/v1/sync/push").then().statusCode(200)
                .body("results[0].status", equalTo("applied"));
        String pulled = pull(session, Map.of("limit", 10)).then().statusCode(200).extract().asString();
        assertTrue(pulled.contains("\"data\":{\"price\":0.1000000000000000055511151231257827,"
                + "\"big\":123456789012345678901234567890,\"tiny\":1.5E-300,\"list\":[1,2.50,-0],"
                + "\"text\":\"caf\u00e9 \\\"q\\\"\",\"none\":null}"), pulled);
    }

    @Test
    void a_timestamp_far_in_the_future_is_clamped_to_the_receipt_time() {
        Session session = TestUsers.register();
        String future = Instant.now().plusSeconds(3600).toString();
        String serverTime = push(session, "a", List.of(upsert("f", future, 1))).then().statusCode(200)
                .body("results[0].status", equalTo("applied"))
                .body("results[0].clamped", equalTo(true))
                .extract().path("serverTime");
        assertEquals(Instant.parse(serverTime), Instant.parse((String) stored(session, "f").get("lastModifiedAt")));
        String nearFuture = Instant.now().plusSeconds(60).toString();
        push(session, "a", List.of(upsert("g", nearFuture, 1))).then().statusCode(200)
                .body("results[0].clamped", nullValue());
    }

    @Test
    void oversized_data_is_rejected() {
        Session session = TestUsers.register();
        Map<String, Object> big = change("workout", "big", "create", Map.of("blob", "x".repeat(300 * 1024)), T1);
        push(session, "a", List.of(big)).then().statusCode(200)
                .body("results[0].status", equalTo("rejected"))
                .body("failed[0].error", equalTo("data is larger than 262144 bytes"));
    }

    @Test
    void users_are_isolated() {
        Session alice = TestUsers.register();
        Session bob = TestUsers.register();
        push(alice, "a", List.of(upsert("shared-id", T1, "alice"))).then().statusCode(200);
        push(bob, "b", List.of(upsert("shared-id", T2, "bob"))).then().statusCode(200)
                .body("results[0].version", equalTo(1));
        assertEquals(Map.of("value", "alice"), stored(alice, "shared-id").get("data"));
        assertEquals(Map.of("value", "bob"), stored(bob, "shared-id").get("data"));
        assertEquals(1, pullAll(alice, 100).size());
    }

    @Test
    void entity_types_are_kept_apart() {
        Session session = TestUsers.register();
        Map<String, Object> workout = change("workout", "1", "create", Map.of("k", "w"), T1);
        Map<String, Object> template = change("template", "1", "create", Map.of("k", "t"), T1);
        push(session, "a", List.of(workout, template)).then().statusCode(200)
                .body("results.status", contains("applied", "applied"));
        pull(session, Map.of("entityTypes", "template")).then().statusCode(200)
                .body("changes", hasSize(1)).body("changes[0].data.k", equalTo("t"));
        pull(session, Map.of("entityTypes", "template,workout")).then().statusCode(200).body("changes", hasSize(2));
    }

    @Test
    void status_counts_records_per_type_and_lists_devices() {
        Session session = TestUsers.register();
        push(session, "phone", List.of(upsert("1", T1, 1), upsert("2", T1, 2),
                change("workout", "3", "delete", null, T1),
                change("settings", "s", "update", Map.of("unit", "kg"), T1))).then().statusCode(200);
        pull(session, Map.of("clientId", "tablet")).then().statusCode(200);
        session.given().get("/api/v1/sync/status").then().statusCode(200)
                .body("cursor", notNullValue())
                .body("serverTime", notNullValue())
                .body("entityTypes.workout.live", equalTo(2))
                .body("entityTypes.workout.deleted", equalTo(1))
                .body("entityTypes.settings.live", equalTo(1))
                .body("clients.clientId", contains("phone", "tablet"))
                .body("clients[0].lastPushAt", notNullValue())
                .body("clients[1].lastPullAt", notNullValue());
    }
}
