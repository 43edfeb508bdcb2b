package io.keepsync.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.EmbeddedPostgresResource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackupTest {

    static final String PROBLEM = "application/problem+json";

    static Response upload(Session session, Path file) {
        return session.given().contentType("application/octet-stream").body(file.toFile()).post("/api/v1/backups");
    }

    static List<Path> stagedFiles() throws IOException {
        return SnapshotFiles.staged();
    }

    static List<Path> filesOf(Session session) throws Exception {
        Path dir = EmbeddedPostgresResource.backupDir().resolve("users").resolve(session.userId().toString());
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** What the store in use keeps for the user, as local files: everything in the user's folder, here. */
    List<Path> stored(Session session) throws Exception {
        return filesOf(session);
    }

    /** Nothing at all is left where the store kept the user's snapshots. */
    void assertNoStorageLeftFor(Session session) {
        assertFalse(Files.exists(EmbeddedPostgresResource.backupDir().resolve("users").resolve(
                session.userId().toString())));
    }

    @Test
    void an_upload_is_verified_stored_and_described() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(300, 7);
        String sha = Snapshots.sha256(file);
        Response response = session.given().contentType("application/vnd.sqlite3")
                .header("X-Client-Id", "pixel-7").header("X-Backup-Label", "before update")
                .body(file.toFile()).post("/api/v1/backups");
        response.then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", matchesPattern(".*/api/v1/backups/[0-9a-f-]{36}"))
                .body("id", notNullValue())
                .body("filename", matchesPattern("backup-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.sqlite"))
                .body("sizeBytes", equalTo((int) Files.size(file)))
                .body("sha256", equalTo(sha))
                .body("createdAt", notNullValue())
                .body("clientId", equalTo("pixel-7"))
                .body("label", equalTo("before update"))
                .body("pinned", equalTo(false))
                .body("manual", equalTo(true))
                .body("status", equalTo("verified"))
                .body("deduplicated", equalTo(false))
                .body("sqlite.pageSize", equalTo(4096))
                .body("sqlite.pageCount", equalTo((int) (Files.size(file) / 4096)))
                .body("sqlite.userVersion", equalTo(7))
                .body("sqlite.tableCount", equalTo(2))
                .body("sqlite.journalMode", equalTo("delete"));
        List<Path> stored = stored(session);
        assertEquals(1, stored.size());
        assertEquals(sha, Snapshots.sha256(stored.get(0)));
        session.given().get("/api/v1/backups/" + response.path("id")).then().statusCode(200)
                .body("sha256", equalTo(sha)).body("deduplicated", equalTo(false));
    }

    @Test
    void a_wal_mode_file_passes_and_is_not_modified() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(200, 3, true, 300);
        String sha = Snapshots.sha256(file);
        upload(session, file).then().statusCode(201)
                .body("sqlite.journalMode", equalTo("wal"))
                .body("sha256", equalTo(sha));
        assertEquals(sha, Snapshots.sha256(stored(session).get(0)));
        assertEquals(1, stored(session).size(), "inspection left -wal/-shm files behind");
    }

    @Test
    void a_download_is_byte_exact_with_etag_digest_ranges_and_conditional_requests() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(100, 1);
        byte[] bytes = Files.readAllBytes(file);
        String sha = Snapshots.sha256(file);
        String id = upload(session, file).then().statusCode(201).extract().path("id");
        String filename = session.given().get("/api/v1/backups/" + id).path("filename");

        byte[] downloaded = session.given().get("/api/v1/backups/" + id + "/content").then().statusCode(200)
                .contentType("application/vnd.sqlite3")
                .header("Content-Length", String.valueOf(bytes.length))
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("ETag", "\"" + sha + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha)) + ":")
                .header("Accept-Ranges", "bytes")
                .extract().asByteArray();
        assertArrayEquals(bytes, downloaded);

        byte[] part = session.given().header("Range", "bytes=100-1123").get("/api/v1/backups/" + id + "/content")
                .then().statusCode(206)
                .header("Content-Range", "bytes 100-1123/" + bytes.length)
                .header("Content-Length", "1024")
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 1124), part);

        byte[] tail = session.given().header("Range", "bytes=-10").get("/api/v1/backups/" + id + "/content")
                .then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length), tail);

        session.given().header("Range", "bytes=" + bytes.length + "-").get("/api/v1/backups/" + id + "/content")
                .then().statusCode(416).header("Content-Range", "bytes */" + bytes.length);

        session.given().header("If-None-Match", "\"" + sha + "\"").get("/api/v1/backups/" + id + "/content")
                .then().statusCode(304).header("ETag", "\"" + sha + "\"");
        session.given().header("If-None-Match", "\"other\"").get("/api/v1/backups/" + id + "/content")
                .then().statusCode(200);
    }

    @Test
    void the_same_bytes_as_the_newest_backup_are_not_stored_again() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(50, 1);
        String id = upload(session, file).then().statusCode(201).extract().path("id");
        upload(session, file).then().statusCode(200)
                .body("id", equalTo(id))
                .body("deduplicated", equalTo(true));
        assertEquals(1, stored(session).size());
        session.given().get("/api/v1/backups").then().body("items", hasSize(1));
        upload(session, Snapshots.create(51, 1)).then().statusCode(201);
        upload(session, file).then().statusCode(201).body("deduplicated", equalTo(false));
        assertEquals(3, stored(session).size());
    }

    @Test
    void a_multipart_upload_works_like_a_raw_one() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(80, 2);
        session.given().multiPart("file", file.toFile(), "application/vnd.sqlite3")
                .queryParam("label", "from form")
                .post("/api/v1/backups").then().statusCode(201)
                .body("sha256", equalTo(Snapshots.sha256(file)))
                .body("label", equalTo("from form"));
        session.given().multiPart("other", "x").post("/api/v1/backups").then().statusCode(400)
                .contentType(PROBLEM);
        assertEquals(1, stored(session).size());
    }

    @Test
    void latest_content_is_the_newest_backup() throws Exception {
        Session session = TestUsers.register();
        session.given().get("/api/v1/backups/latest/content").then().statusCode(404).contentType(PROBLEM);
        upload(session, Snapshots.create(10, 1)).then().statusCode(201);
        Path newest = Snapshots.create(20, 2);
        upload(session, newest).then().statusCode(201);
        byte[] body = session.given().get("/api/v1/backups/latest/content").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(newest), body);
    }

    @Test
    void label_and_pin_can_be_changed() throws Exception {
        Session session = TestUsers.register();
        String id = upload(session, Snapshots.create(10, 1)).then().statusCode(201).extract().path("id");
        session.given().contentType(ContentType.JSON).body(Map.of("label", "keep me", "pinned", true))
                .patch("/api/v1/backups/" + id).then().statusCode(200)
                .body("label", equalTo("keep me")).body("pinned", equalTo(true));
        session.given().contentType(ContentType.JSON).body("{\"label\": null}")
                .patch("/api/v1/backups/" + id).then().statusCode(200)
                .body("label", nullValue()).body("pinned", equalTo(true));
        session.given().contentType(ContentType.JSON).body(Map.of("pinned", "yes"))
                .patch("/api/v1/backups/" + id).then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("pinned"));
        session.given().get("/api/v1/backups/" + id).then().body("pinned", equalTo(true));
    }

    @Test
    void delete_removes_row_and_file() throws Exception {
        Session session = TestUsers.register();
        String id = upload(session, Snapshots.create(10, 1)).then().statusCode(201).extract().path("id");
        assertEquals(1, stored(session).size());
        session.given().delete("/api/v1/backups/" + id).then().statusCode(204);
        session.given().get("/api/v1/backups/" + id).then().statusCode(404).contentType(PROBLEM);
        assertEquals(0, stored(session).size());
        session.given().delete("/api/v1/backups/" + id).then().statusCode(404);
    }

    @Test
    void another_users_backup_is_404_everywhere() throws Exception {
        Session alice = TestUsers.register();
        Session bob = TestUsers.register();
        String id = upload(alice, Snapshots.create(10, 1)).then().statusCode(201).extract().path("id");
        bob.given().get("/api/v1/backups/" + id).then().statusCode(404).contentType(PROBLEM);
        bob.given().get("/api/v1/backups/" + id + "/content").then().statusCode(404);
        bob.given().contentType(ContentType.JSON).body(Map.of("pinned", true)).patch("/api/v1/backups/" + id)
                .then().statusCode(404);
        bob.given().delete("/api/v1/backups/" + id).then().statusCode(404);
        bob.given().get("/api/v1/backups").then().statusCode(200).body("items", hasSize(0));
        alice.given().get("/api/v1/backups/" + id).then().statusCode(200).body("pinned", equalTo(false));
        bob.given().get("/api/v1/backups/not-a-uuid").then().statusCode(404);
    }

    @Test
    void the_legacy_path_accepts_an_api_key() throws Exception {
        Session session = TestUsers.register();
        String key = session.apiKey();
        Path file = Snapshots.create(30, 4);
        given().header("Authorization", "Bearer " + key).contentType("application/octet-stream")
                .body(file.toFile()).post("/api/backup").then().statusCode(201)
                .body("sha256", equalTo(Snapshots.sha256(file)))
                .body("sqlite.userVersion", equalTo(4));
        session.given().get("/api/v1/backups/summary").then().statusCode(200)
                .body("count", equalTo(1))
                .body("totalBytes", equalTo((int) Files.size(file)))
                .body("lastBackupAt", notNullValue())
                .body("lastBackupId", notNullValue())
                .body("quotaBytes", equalTo(5L << 30));
        given().contentType("application/octet-stream").body(file.toFile()).post("/api/backup")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void the_list_is_newest_first_and_paged() throws Exception {
        Session session = TestUsers.register();
        for (int i = 1; i <= 3; i++) {
            upload(session, Snapshots.create(10 + i, i)).then().statusCode(201);
        }
        Response first = session.given().queryParam("limit", 2).get("/api/v1/backups");
        first.then().statusCode(200).body("items", hasSize(2))
                .body("items[0].sqlite.userVersion", equalTo(3))
                .body("items[1].sqlite.userVersion", equalTo(2))
                .body("nextCursor", notNullValue());
        session.given().queryParam("limit", 2).queryParam("before", (String) first.path("nextCursor"))
                .get("/api/v1/backups").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].sqlite.userVersion", equalTo(1))
                .body("nextCursor", nullValue());
        session.given().queryParam("before", "garbage").get("/api/v1/backups").then().statusCode(400);
    }

    @Test
    void readiness_checks_the_backup_directory() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Backup directory' }.status", equalTo("UP"));
    }

    @Test
    void deleting_the_account_removes_its_backups() throws Exception {
        Session session = TestUsers.register();
        upload(session, Snapshots.create(10, 1)).then().statusCode(201);
        assertEquals(1, stored(session).size());
        session.given().delete("/api/v1/me").then().statusCode(204);
        assertTrue(stored(session).isEmpty());
        assertNoStorageLeftFor(session);
    }
}
