package io.keepsync.snapshots;

import static io.keepsync.sync.SyncApi.change;
import static io.keepsync.sync.SyncApi.pull;
import static io.keepsync.sync.SyncApi.pullAll;
import static io.keepsync.sync.SyncApi.push;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.keepsync.ManagementPort;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Server snapshots and restores through the API: the file's layout as the sqlite3 shell reads it, one consistent
 * read while the user pushes, the cursor, a restore's counts and result, undo, dry run, the refusals, and the
 * schedule's once-only rule.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ServerSnapshotTest {

    private static final String RESTORE = "/api/v1/sync/restore";
    private static final String SNAPSHOT = "/api/v1/backups/snapshot";
    private static final String PROBLEMS = "https://keepsync.io/problems/";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ServerSnapshots snapshots;

    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Map<String, Object> put(String type, String id, Map<String, ?> data, Instant at) {
        return change(type, id, "update", data, at(at));
    }

    private static Map<String, Object> delete(String type, String id, Instant at) {
        return change(type, id, "delete", null, at(at));
    }

    private static String pushed(Session session, String clientId, List<?> changes) {
        return push(session, clientId, changes).then().statusCode(200).body("failed", org.hamcrest.Matchers.empty())
                .extract().path("cursor");
    }

    private static Response snapshot(Session session) {
        return session.given().post(SNAPSHOT);
    }

    private static Response restore(Session session, String backupId, boolean dryRun) {
        return session.given().contentType(ContentType.JSON)
                .body(Map.of("backupId", backupId, "dryRun", dryRun)).post(RESTORE);
    }

    /** The stored file of a backup, downloaded. */
    static Path download(Session session, String id) throws IOException {
        Path file = Files.createTempFile("server-snapshot-", ".sqlite");
        file.toFile().deleteOnExit();
        try (InputStream in = session.given().get("/api/v1/backups/" + id + "/content").then().statusCode(200)
                .extract().asInputStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** What the sqlite3 shell prints for a query on the file, one line per row, columns separated by |. */
    static List<String> sqlite3(Path file, String sql) throws Exception {
        Process process = new ProcessBuilder("sqlite3", "-readonly", file.toString(), sql).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output.isEmpty() ? List.of() : List.of(output.split("\n"));
    }

    /** The entity ids in a snapshot file's records table, through sqlite-jdbc. */
    static Set<String> idsIn(Path file) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new Properties());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT entity_id FROM records")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Every record as pull shows it, by id: action, data, clientId. */
    private static Map<String, Map<String, Object>> records(Session session) {
        Map<String, Map<String, Object>> records = new TreeMap<>();
        for (Map<String, Object> change : pullAll(session, 1000)) {
            records.put((String) change.get("entityId"), change);
        }
        return records;
    }

    private long backupCount(Session session) {
        return ((Number) session.given().get("/api/v1/backups/summary").then().statusCode(200).extract().path("count"))
                .longValue();
    }

    @Test
    void backup_now_writes_every_record_as_of_one_read_in_the_documented_layout() throws Exception {
        Session session = TestUsers.register();
        Instant t = Instant.now().minusSeconds(60);
        pushed(session, "phone", List.of(put("workout", "w-1", Map.of("name", "Legs", "sets", 5), t),
                put("workout", "w-2", Map.of("name", "Push"), t), put("template", "t-1", Map.of("name", "Day A"), t)));
        String cursor = pushed(session, "tablet", List.of(delete("workout", "w-2", t.plusSeconds(1))));

        Response created = snapshot(session);
        created.then().statusCode(201)
                .header("Location", endsWith("/api/v1/backups/" + created.path("id")))
                .body("source", equalTo("server"))
                .body("recordCount", equalTo(3))
                .body("cursor", equalTo(cursor))
                .body("clientId", equalTo("server"))
                .body("status", equalTo("verified"))
                .body("filename", startsWith("server-snapshot-"))
                .body("manual", equalTo(true))
                .body("pinned", equalTo(false));
        String id = created.path("id");
        session.given().get("/api/v1/backups").then().statusCode(200).body("items[0].id", equalTo(id))
                .body("items[0].source", equalTo("server"));
        assertEquals(1, backupCount(session));

        Path file = download(session, id);
        assertEquals(List.of("1"), sqlite3(file, "PRAGMA user_version"));
        assertEquals(List.of("template|t-1|Day A||0|" + at(t) + "|phone|3",
                "workout|w-1|Legs|5|0|" + at(t) + "|phone|1",
                "workout|w-2|||1|" + at(t.plusSeconds(1)) + "|tablet|4"),
                sqlite3(file, "SELECT entity_type, entity_id, json_extract(data, '$.name'), json_extract(data, '$.sets'), "
                        + "deleted, last_modified_at, client_id, version FROM records ORDER BY entity_type, entity_id"));
        assertEquals(List.of("2|0", "1|1"), sqlite3(file, "SELECT count(*), deleted FROM records WHERE data IS NULL = "
                + "(deleted = 1) AND (data IS NULL OR json_valid(data)) GROUP BY deleted ORDER BY deleted"));
        Map<String, String> facts = new HashMap<>();
        for (String line : sqlite3(file, "SELECT key, value FROM snapshot")) {
            String[] parts = line.split("\\|", 2);
            facts.put(parts[0], parts[1]);
        }
        assertEquals("1", facts.get("format"));
        assertEquals(session.userId().toString(), facts.get("user_id"));
        assertEquals(cursor, facts.get("cursor"));
        assertEquals(created.path("createdAt").toString(), facts.get("server_time"));
        // A view per entity type with its live records, queried as the type's own table.
        assertEquals(List.of("w-1|Legs"), sqlite3(file, "SELECT entity_id, json_extract(data, '$.name') FROM workout"));
        assertEquals(List.of("t-1"), sqlite3(file, "SELECT entity_id FROM template"));
    }

    @Test
    void pulling_from_a_snapshots_cursor_yields_exactly_the_changes_it_lacks() throws Exception {
        Session session = TestUsers.register();
        Instant t = Instant.now().minusSeconds(60);
        pushed(session, "phone", List.of(put("workout", "a", Map.of("v", 1), t), put("workout", "b", Map.of("v", 1), t)));
        Response taken = snapshot(session);
        taken.then().statusCode(201);
        pushed(session, "phone", List.of(put("workout", "b", Map.of("v", 2), t.plusSeconds(1)),
                put("workout", "c", Map.of("v", 1), t.plusSeconds(1))));

        List<Map<String, Object>> rest = pull(session, Map.of("since", taken.path("cursor"))).then().statusCode(200)
                .body("hasMore", equalTo(false)).extract().jsonPath().getList("changes");
        assertEquals(List.of("b", "c"), rest.stream().map(c -> c.get("entityId")).sorted().toList());
        assertEquals(Set.of("a", "b"), idsIn(download(session, taken.path("id"))));
    }

    @Test
    void a_snapshot_taken_while_the_user_pushes_holds_whole_pushes_only() throws Exception {
        Session session = TestUsers.register();
        int perPush = 25;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger pushes = new AtomicInteger();
        Instant t = Instant.now().minusSeconds(600);
        ExecutorService pusher = Executors.newSingleThreadExecutor();
        Future<?> pushing = pusher.submit(() -> {
            while (!stop.get() && pushes.get() < 400) {
                int k = pushes.get();
                List<Map<String, Object>> changes = new ArrayList<>();
                for (int i = 0; i < perPush; i++) {
                    changes.add(put("workout", "p" + k + "-" + i, Map.of("push", k), t.plusMillis(k)));
                }
                pushed(session, "phone", changes);
                pushes.incrementAndGet();
            }
            return null;
        });
        List<Response> taken = new ArrayList<>();
        try {
            while (pushes.get() < 3) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 4; i++) {
                Response response = snapshot(session);
                response.then().statusCode(201);
                taken.add(response);
            }
        } finally {
            stop.set(true);
            pushing.get(60, TimeUnit.SECONDS);
            pusher.shutdown();
        }
        Set<String> all = new HashSet<>();
        for (int k = 0; k < pushes.get(); k++) {
            for (int i = 0; i < perPush; i++) {
                all.add("p" + k + "-" + i);
            }
        }
        for (Response response : taken) {
            Set<String> ids = idsIn(download(session, response.path("id")));
            Map<Integer, Integer> perPushFound = new HashMap<>();
            for (String id : ids) {
                perPushFound.merge(Integer.parseInt(id.substring(1, id.indexOf('-'))), 1, Integer::sum);
            }
            int whole = perPushFound.size();
            for (int k = 0; k < whole; k++) {
                // Pushes of one user are applied in order: a consistent read holds the first n of them, each whole.
                assertEquals(perPush, perPushFound.getOrDefault(k, 0), "push " + k + " in snapshot " + response.path("id"));
            }
            assertEquals(whole * perPush, ids.size());
            assertEquals(ids.size(), ((Number) response.path("recordCount")).intValue());
            Set<String> rest = new HashSet<>();
            for (String cursor = response.path("cursor");;) {
                Response page = pull(session, Map.of("since", cursor, "limit", 1000));
                page.then().statusCode(200);
                for (Map<String, Object> change : page.jsonPath().<Map<String, Object>> getList("changes")) {
                    assertTrue(rest.add((String) change.get("entityId")));
                }
                cursor = page.path("cursor");
                if (!(Boolean) page.path("hasMore")) {
                    break;
                }
            }
            Set<String> overlap = new HashSet<>(rest);
            overlap.retainAll(ids);
            assertEquals(Set.of(), overlap, "pulling from the cursor returned records the snapshot had");
            Set<String> union = new HashSet<>(ids);
            union.addAll(rest);
            assertEquals(all, union);
        }
        assertTrue(taken.stream().map(r -> ((Number) r.path("recordCount")).intValue()).distinct().count() > 1,
                "the snapshots did not overlap the pushes");
    }

    /** Four records a, b, c at v1 then a snapshot; after it b is edited, c deleted and d created on another device. */
    private record Scenario(Session session, String snapshotId, Instant t) {
    }

    private Scenario diverged() {
        Session session = TestUsers.register();
        Instant t = Instant.now().minusSeconds(60);
        pushed(session, "phone", List.of(put("workout", "a", Map.of("v", 1), t), put("workout", "b", Map.of("v", 1), t),
                put("workout", "c", Map.of("v", 1), t)));
        String id = snapshot(session).then().statusCode(201).extract().path("id");
        pushed(session, "stolen-phone", List.of(put("workout", "b", Map.of("v", 2), t.plusSeconds(1)),
                delete("workout", "c", t.plusSeconds(1)), put("workout", "d", Map.of("v", 2), t.plusSeconds(1))));
        return new Scenario(session, id, t);
    }

    @Test
    void a_dry_run_counts_and_changes_nothing() {
        Scenario s = diverged();
        String cursor = pull(s.session(), Map.of()).path("cursor");
        Map<String, Map<String, Object>> before = records(s.session());
        long backups = backupCount(s.session());
        restore(s.session(), s.snapshotId(), true).then().statusCode(200)
                .body("restored", equalTo(2)).body("deleted", equalTo(1)).body("unchanged", equalTo(1))
                .body("cursor", equalTo(cursor)).body("undoBackupId", nullValue());
        assertEquals(before, records(s.session()));
        assertEquals(backups, backupCount(s.session()));
        pull(s.session(), Map.of("since", cursor)).then().statusCode(200).body("changes", org.hamcrest.Matchers.empty());
    }

    @Test
    void a_restore_writes_the_snapshots_state_as_new_changes_and_its_undo_brings_the_state_back() {
        Scenario s = diverged();
        Map<String, Map<String, Object>> before = records(s.session());
        String cursorBefore = pull(s.session(), Map.of()).path("cursor");

        Response restored = restore(s.session(), s.snapshotId(), false);
        restored.then().statusCode(200).body("restored", equalTo(2)).body("deleted", equalTo(1))
                .body("unchanged", equalTo(1)).body("cursor", notNullValue()).body("undoBackupId", notNullValue());
        String undoId = restored.path("undoBackupId");
        s.session().given().get("/api/v1/backups/" + undoId).then().statusCode(200).body("source", equalTo("server"))
                .body("pinned", equalTo(true)).body("label", startsWith("Before the restore")).body("recordCount", equalTo(4));

        // Devices receive the restore by pulling: exactly the three records it changed, as the restore's changes.
        List<Map<String, Object>> changes = pull(s.session(), Map.of("since", cursorBefore)).then().statusCode(200)
                .extract().jsonPath().getList("changes");
        assertEquals(List.of("b", "c", "d"), changes.stream().map(c -> c.get("entityId")).toList());
        assertTrue(changes.stream().allMatch(c -> "keepsync-restore".equals(c.get("clientId"))));
        assertEquals(restored.path("cursor").toString(), pull(s.session(), Map.of("since", cursorBefore)).path("cursor"));
        Map<String, Map<String, Object>> after = records(s.session());
        assertEquals(before.get("a"), after.get("a"), "an equal record is left alone");
        assertEquals(Map.of("v", 1), after.get("b").get("data"));
        assertEquals("upsert", after.get("c").get("action"));
        assertEquals(Map.of("v", 1), after.get("c").get("data"));
        assertEquals("delete", after.get("d").get("action"));
        for (String id : List.of("b", "c", "d")) {
            Instant stored = Instant.parse((String) before.get(id).get("lastModifiedAt"));
            assertTrue(Instant.parse((String) after.get(id).get("lastModifiedAt")).isAfter(stored), id);
        }

        // The undo snapshot rolls it back: b and d as the stolen phone left them, c deleted again.
        restore(s.session(), undoId, false).then().statusCode(200).body("restored", equalTo(2))
                .body("deleted", equalTo(1)).body("unchanged", equalTo(1));
        Map<String, Map<String, Object>> undone = records(s.session());
        for (String id : List.of("a", "b", "c", "d")) {
            assertEquals(before.get(id).get("action"), undone.get(id).get("action"), id);
            assertEquals(before.get(id).get("data"), undone.get(id).get("data"), id);
        }
    }

    @Test
    void an_offline_devices_older_edit_loses_to_the_restored_record() {
        Scenario s = diverged();
        restore(s.session(), s.snapshotId(), false).then().statusCode(200);
        // The phone edited b while offline, before the restore, and pushes it now.
        Instant offlineEdit = Instant.now().minusSeconds(5);
        push(s.session(), "offline-phone", List.of(put("workout", "b", Map.of("v", 9), offlineEdit))).then()
                .statusCode(200).body("results[0].status", equalTo("stale"))
                .body("results[0].current.clientId", equalTo("keepsync-restore"))
                .body("results[0].current.data.v", equalTo(1));
    }

    @Test
    void a_restore_is_refused_for_what_it_cannot_restore_and_changes_nothing() throws Exception {
        Scenario s = diverged();
        Session other = TestUsers.register();
        Map<String, Map<String, Object>> before = records(s.session());
        long backups = backupCount(s.session());

        restore(other, s.snapshotId(), false).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"));
        String uploaded = s.session().given().contentType("application/vnd.sqlite3")
                .body(Files.readAllBytes(SnapshotFiles.create(10))).header("X-Client-Id", "laptop")
                .post("/api/v1/backups").then().statusCode(201).extract().path("id");
        restore(s.session(), uploaded, false).then().statusCode(422).body("type", equalTo(PROBLEMS + "not-a-server-snapshot"));
        RestAssured.given().header("Authorization", "Bearer " + s.session().apiKey()).contentType(ContentType.JSON)
                .body(Map.of("backupId", s.snapshotId())).post(RESTORE).then().statusCode(403)
                .body("type", equalTo(PROBLEMS + "insufficient-scope"));
        s.session().given().contentType(ContentType.JSON).body(Map.of("backupId", "not-a-uuid")).post(RESTORE).then()
                .statusCode(400).body("type", equalTo(PROBLEMS + "validation"));
        s.session().given().contentType(ContentType.JSON).body(Map.of("backupId", s.snapshotId(), "dryRun", "yes"))
                .post(RESTORE).then().statusCode(400).body("type", equalTo(PROBLEMS + "validation"));
        s.session().given().contentType(ContentType.JSON).body("[]").post(RESTORE).then().statusCode(400);

        // A restore already running for the user holds its lock: another one is refused at once.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + RestoreRepository.LOCK_CLASS + ", hashtext('"
                    + s.session().userId() + "'))");
            restore(s.session(), s.snapshotId(), false).then().statusCode(409)
                    .body("type", equalTo(PROBLEMS + "restore-in-progress"));
            statement.execute("SELECT pg_advisory_unlock_all()");
        }
        assertEquals(before, records(s.session()));
        assertEquals(backups + 1, backupCount(s.session()), "only the uploaded database was added");
    }

    @Test
    void a_device_key_with_the_backup_scope_takes_a_snapshot() {
        Session session = TestUsers.register();
        pushed(session, "phone", List.of(put("workout", "a", Map.of("v", 1), Instant.now())));
        RestAssured.given().header("Authorization", "Bearer " + session.apiKey()).post(SNAPSHOT).then().statusCode(201)
                .body("recordCount", equalTo(1));
    }

    @Test
    void the_schedule_snapshots_each_user_who_pushed_since_their_last_server_snapshot_once() {
        Session pushedOnce = TestUsers.register();
        Session neverPushed = TestUsers.register();
        Session snapshotted = TestUsers.register();
        Instant t = Instant.now().minusSeconds(60);
        pushed(pushedOnce, "phone", List.of(put("workout", "a", Map.of("v", 1), t)));
        pushed(snapshotted, "phone", List.of(put("workout", "a", Map.of("v", 1), t)));
        snapshot(snapshotted).then().statusCode(201);

        snapshots.snapshotUsersWhoPushed();
        assertEquals(1, backupCount(pushedOnce));
        pushedOnce.given().get("/api/v1/backups").then().body("items[0].manual", equalTo(false))
                .body("items[0].source", equalTo("server"));
        assertEquals(0, backupCount(neverPushed));
        assertEquals(1, backupCount(snapshotted));

        snapshots.snapshotUsersWhoPushed();
        assertEquals(1, backupCount(pushedOnce), "a second run with no push in between takes none");

        pushed(pushedOnce, "phone", List.of(put("workout", "b", Map.of("v", 1), t)));
        snapshots.snapshotUsersWhoPushed();
        assertEquals(2, backupCount(pushedOnce));
        assertEquals(1, backupCount(snapshotted));
    }

    @Test
    void snapshots_and_restores_are_counted_in_the_metrics() {
        Scenario s = diverged();
        restore(s.session(), s.snapshotId(), false).then().statusCode(200);
        String metrics = RestAssured.given().port(ManagementPort.port()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertTrue(metrics.contains("keepsync_snapshots_total{outcome=\"stored\",trigger=\"manual\"}"), metrics);
        assertTrue(metrics.contains("keepsync_snapshots_total{outcome=\"stored\",trigger=\"undo\"}"), metrics);
        assertTrue(metrics.contains("keepsync_restores_total{outcome=\"restored\"}"), metrics);
        assertFalse(metrics.contains("keepsync_restores_records_total{change=\"restored\"} 0.0"), metrics);
    }
}
