package io.keepsync.sync;

import static io.keepsync.sync.SyncApi.change;
import static io.keepsync.sync.SyncApi.pull;
import static io.keepsync.sync.SyncApi.pullAll;
import static io.keepsync.sync.SyncApi.push;
import static io.keepsync.sync.SyncApi.upsert;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SyncPullTest {

    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    private static List<Map<String, Object>> batch(int from, int count, String time) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            changes.add(upsert("e-" + i, time, i));
        }
        return changes;
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void twenty_five_hundred_changes_page_as_1000_1000_500_in_version_order() {
        Session session = TestUsers.register();
        for (int i = 0; i < 5; i++) {
            push(session, "a", batch(i * 500, 500, "2026-11-20T10:00:00Z")).then().statusCode(200);
        }
        List<Integer> sizes = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        String cursor = null;
        boolean hasMore = true;
        while (hasMore) {
            Response page = cursor == null ? pull(session, Map.of("limit", 1000))
                    : pull(session, Map.of("limit", 1000, "since", cursor));
            page.then().statusCode(200);
            List<Integer> pageVersions = page.jsonPath().getList("changes.version", Integer.class);
            sizes.add(pageVersions.size());
            versions.addAll(pageVersions);
            cursor = page.path("cursor");
            hasMore = page.path("hasMore");
        }
        assertEquals(List.of(1000, 1000, 500), sizes);
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) > versions.get(i - 1), "versions out of order at " + i);
        }
        pull(session, Map.of("since", cursor)).then().statusCode(200)
                .body("changes", hasSize(0)).body("hasMore", equalTo(false)).body("cursor", equalTo(cursor));
    }

    @Test
    void the_default_page_is_500_and_the_largest_1000() {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 600, "2026-11-20T10:00:00Z")).then().statusCode(200);
        pull(session, Map.of()).then().statusCode(200).body("changes", hasSize(500)).body("hasMore", equalTo(true));
        pull(session, Map.of("limit", 1001)).then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("limit"));
        pull(session, Map.of("limit", 0)).then().statusCode(400);
        pull(session, Map.of("limit", "ten")).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void an_incremental_pull_returns_only_what_changed_after_the_cursor() {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 3, "2026-11-20T10:00:00Z")).then().statusCode(200);
        String cursor = pull(session, Map.of()).then().statusCode(200).extract().path("cursor");
        push(session, "b", List.of(upsert("e-1", "2026-11-20T11:00:00Z", "changed"))).then().statusCode(200);
        pull(session, Map.of("since", cursor)).then().statusCode(200)
                .body("changes", hasSize(1))
                .body("changes[0].entityId", equalTo("e-1"))
                .body("changes[0].data.value", equalTo("changed"));
    }

    @Test
    void since_a_previous_serverTime_returns_every_change_received_after_it() {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 3, "2026-11-20T10:00:00Z")).then().statusCode(200);
        Response first = pull(session, Map.of());
        String serverTime = first.path("serverTime");
        assertEquals(3, first.jsonPath().getList("changes").size());
        push(session, "b", List.of(upsert("e-9", "2020-01-01T00:00:00Z", "old clock, new change")))
                .then().statusCode(200);
        Response next = pull(session, Map.of("since", serverTime));
        next.then().statusCode(200).body("changes", hasSize(1)).body("changes[0].entityId", equalTo("e-9"));
        assertFalse(Instant.parse(next.path("serverTime")).isBefore(Instant.parse(serverTime)));
        pull(session, Map.of("since", (String) next.path("serverTime"))).then().statusCode(200)
                .body("changes", hasSize(0));
    }

    @Test
    void since_timestamp_pages_never_split_one_push() {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 3, "2026-11-20T10:00:00Z")).then().statusCode(200);
        push(session, "a", batch(3, 4, "2026-11-20T10:00:00Z")).then().statusCode(200);
        List<Object> seen = new ArrayList<>();
        String since = "2000-01-01T00:00:00Z";
        for (int i = 0; i < 10; i++) {
            Response page = pull(session, Map.of("since", since, "limit", 5));
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("changes.entityId"));
            since = page.path("serverTime");
            if (!(Boolean) page.path("hasMore")) {
                break;
            }
        }
        assertEquals(7, seen.size(), seen.toString());
        assertEquals(7, seen.stream().distinct().count());
    }

    @Test
    void echo_suppression_leaves_out_my_own_changes_but_advances_the_cursor() {
        Session session = TestUsers.register();
        push(session, "phone", batch(0, 3, "2026-11-20T10:00:00Z")).then().statusCode(200);
        push(session, "tablet", List.of(upsert("t-1", "2026-11-20T10:00:00Z", "tab"))).then().statusCode(200);
        push(session, "phone", batch(10, 2, "2026-11-20T10:00:00Z")).then().statusCode(200);
        Response page = pull(session, Map.of("excludeClientId", "phone"));
        page.then().statusCode(200).body("changes", hasSize(1)).body("changes[0].clientId", equalTo("tablet"));
        String cursor = page.path("cursor");
        String head = session.given().get("/api/v1/sync/status").then().extract().path("cursor");
        assertEquals(head, cursor);
        pull(session, Map.of("since", cursor)).then().statusCode(200).body("changes", hasSize(0));
    }

    @Test
    void bad_cursors_are_400_and_foreign_or_future_ones_must_refetch() {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 2, "2026-11-20T10:00:00Z")).then().statusCode(200);
        pull(session, Map.of("since", "not a cursor")).then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("since"));
        String ahead = new SyncCursor(1, 999).encode();
        pull(session, Map.of("since", ahead)).then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/must-refetch"));
        String otherEpoch = new SyncCursor(7, 1).encode();
        pull(session, Map.of("since", otherEpoch)).then().statusCode(409);
    }

    @Test
    void a_cursor_below_the_tombstone_horizon_must_refetch() throws SQLException {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 5, "2026-11-20T10:00:00Z")).then().statusCode(200);
        String old = new SyncCursor(1, 2).encode();
        pull(session, Map.of("since", old)).then().statusCode(200).body("changes", hasSize(3));
        sql("UPDATE sync_state SET horizon = 4, horizon_at = now() WHERE user_id = '" + session.userId() + "'");
        pull(session, Map.of("since", old)).then().statusCode(409)
                .body("type", equalTo("https://keepsync.io/problems/must-refetch"));
        pull(session, Map.of("since", "2026-01-01T00:00:00Z")).then().statusCode(409);
        pull(session, Map.of("since", new SyncCursor(1, 4).encode())).then().statusCode(200);
        assertEquals(5, pullAll(session, 1000).size());
    }

    @Test
    void malformed_pushes_are_refused_whole_and_write_nothing() {
        Session session = TestUsers.register();
        session.given().contentType(ContentType.JSON).body("{\"clientId\": \"a\", \"changes\": [")
                .post("/api/v1/sync/push").then().statusCode(400).contentType(PROBLEM);
        push(session, null, List.of(upsert("x", "2026-11-20T10:00:00Z", 1))).then().statusCode(400)
                .contentType(PROBLEM).body("violations[0].field", equalTo("clientId"));
        session.given().contentType(ContentType.JSON).body(Map.of("clientId", "a"))
                .post("/api/v1/sync/push").then().statusCode(400).body("violations[0].field", equalTo("changes"));
        push(session, "a", batch(0, 1001, "2026-11-20T10:00:00Z")).then().statusCode(413).contentType(PROBLEM);
        assertEquals(0, pullAll(session, 1000).size());
    }

    @Test
    void a_body_over_16_mib_is_413() {
        Session session = TestUsers.register();
        String filler = "x".repeat(17 * 1024 * 1024);
        session.given().contentType(ContentType.JSON)
                .body("{\"clientId\": \"a\", \"pad\": \"" + filler + "\", \"changes\": []}")
                .post("/api/v1/sync/push").then().statusCode(413);
        assertEquals(0, pullAll(session, 1000).size());
    }

    @Test
    void sync_needs_authentication() {
        given().get("/api/v1/sync/pull").then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("clientId", "a", "changes", List.of()))
                .post("/api/v1/sync/push").then().statusCode(401).contentType(PROBLEM);
        given().get("/api/v1/sync/status").then().statusCode(401);
    }

    @Test
    void a_database_failure_mid_push_applies_nothing_and_answers_503() throws SQLException {
        Session session = TestUsers.register();
        sql("""
                CREATE OR REPLACE FUNCTION explode() RETURNS trigger AS $$
                BEGIN
                  IF NEW.entity_id = 'explode' THEN RAISE EXCEPTION 'disk gone' USING ERRCODE = '58030'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        sql("CREATE TRIGGER explode BEFORE INSERT ON sync_records FOR EACH ROW EXECUTE FUNCTION explode()");
        try {
            push(session, "a", List.of(upsert("fine", "2026-11-20T10:00:00Z", 1),
                    change("workout", "explode", "create", Map.of(), "2026-11-20T10:00:00Z")))
                    .then().statusCode(503).contentType(PROBLEM)
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("https://keepsync.io/problems/database-unavailable"));
        } finally {
            sql("DROP TRIGGER explode ON sync_records");
        }
        assertEquals(0, pullAll(session, 1000).size());
        session.given().get("/api/v1/sync/status").then().statusCode(200).body("clients", hasSize(0));
    }

    @Test
    void deleting_the_account_removes_its_sync_data() throws SQLException {
        Session session = TestUsers.register();
        push(session, "a", batch(0, 3, "2026-11-20T10:00:00Z")).then().statusCode(200);
        session.given().delete("/api/v1/me").then().statusCode(204);
        for (String table : SyncApi.USER_TABLES) {
            assertEquals(0, SyncApi.rowsOf(dataSource, table, session), table);
        }
    }

    @Test
    void pulls_of_a_user_who_never_pushed_are_empty() {
        Session session = TestUsers.register();
        pull(session, Map.of()).then().statusCode(200).body("changes", hasSize(0))
                .body("hasMore", equalTo(false)).body("cursor", equalTo(new SyncCursor(1, 0).encode()));
        pull(session, Map.of("since", new SyncCursor(1, 0).encode())).then().statusCode(200);
        pull(session, Map.of("entityTypes", "Bad!")).then().statusCode(400);
        push(session, "a", List.of()).then().statusCode(200).body("results", hasSize(0));
        pull(session, Map.of()).then().statusCode(200).body("changes", empty());
    }

    @Test
    void record_data_comes_back_as_pushed_whatever_its_characters_and_size() throws IOException {
        Session session = TestUsers.register();
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("name", "Kniebeuge \u00e9\u00fc \u6df1\u8e72 \ud83c\udfcb\ufe0f");
        text.put("quoted", "a \"quote\", a back\\slash, a tab\t and a line\nbreak");
        text.put("numbers", List.of(0, -12, 3.25, 1.0E10));
        text.put("flags", Map.of("done", true, "skipped", false));
        text.put("nothing", null);
        // Larger than the JSON generator's output buffer (8000 bytes), so it is written in more than one piece.
        Map<String, Object> large = Map.of("notes", "\u00e9t\u00e9 ".repeat(40_000), "sets", List.of(1, 2, 3));
        push(session, "a", List.of(change("workout", "w-text", "create", text, "2026-11-20T10:00:00Z"),
                change("workout", "w-large", "create", large, "2026-11-20T10:00:01Z"))).then().statusCode(200)
                .body("success", hasSize(2));
        JsonNode changes = JSON.readTree(pull(session, Map.of("limit", 1000)).then().statusCode(200).extract().asByteArray())
                .get("changes");
        assertEquals(2, changes.size());
        assertEquals(JSON.valueToTree(text), changes.get(0).get("data"));
        assertEquals(JSON.valueToTree(large), changes.get(1).get("data"));
    }
}
