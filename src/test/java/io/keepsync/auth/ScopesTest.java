package io.keepsync.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.live.EventStream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Device API keys do what their scopes say and never manage the account: a stolen phone's key can neither mint keys
 * that outlive it, nor change the password, end sessions, delete backups or the account.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ScopesTest {

    private static final String INSUFFICIENT = "https://keepsync.io/problems/insufficient-scope";

    private static String key(Session owner, List<String> scopes) {
        Map<String, Object> body = scopes == null ? Map.of("name", "device") : Map.of("name", "device", "scopes", scopes);
        return owner.given().contentType(ContentType.JSON).body(body).post("/api/v1/api-keys").then().statusCode(201)
                .extract().path("key");
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static void refused(io.restassured.response.Response response) {
        response.then().statusCode(403).contentType("application/problem+json").body("type", equalTo(INSUFFICIENT));
    }

    private static io.restassured.response.Response push(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(Map.of("clientId", "phone", "changes", List.of(Map.of("id",
                "m-" + System.nanoTime(), "entityType", "workout", "entityId", "w", "action", "create", "data",
                Map.of("v", 1), "lastModifiedAt", "2026-11-20T10:00:00Z")))).post("/api/v1/sync/push");
    }

    private static io.restassured.response.Response upload(RequestSpecification request) throws Exception {
        return request.contentType("application/octet-stream").body(Files.readAllBytes(SnapshotFiles.create(12)))
                .post("/api/v1/backups");
    }

    @Test
    void a_key_gets_sync_and_backup_by_default_and_shows_its_scopes() {
        Session owner = TestUsers.register();
        owner.given().contentType(ContentType.JSON).body(Map.of("name", "phone")).post("/api/v1/api-keys").then()
                .statusCode(201).body("scopes", equalTo(List.of("sync", "backup")));
        owner.given().get("/api/v1/api-keys").then().body("[0].scopes", equalTo(List.of("sync", "backup")));
    }

    @Test
    void a_key_never_manages_keys_passwords_sessions_or_the_account() throws Exception {
        Session owner = TestUsers.register();
        String key = key(owner, List.of("sync", "backup", "backup:read"));
        String backup = upload(as(key)).then().statusCode(201).extract().path("id");
        refused(as(key).contentType(ContentType.JSON).body(Map.of("name", "minted")).post("/api/v1/api-keys"));
        refused(as(key).get("/api/v1/api-keys"));
        refused(as(key).delete("/api/v1/api-keys/" + java.util.UUID.randomUUID()));
        refused(as(key).contentType(ContentType.JSON).body(Map.of("currentPassword", TestUsers.PASSWORD,
                "newPassword", "a new long password")).post("/api/v1/me/password"));
        refused(as(key).post("/api/v1/me/sign-out-everywhere"));
        refused(as(key).contentType(ContentType.JSON).body(Map.of("refreshToken", owner.refreshToken()))
                .post("/api/v1/auth/logout"));
        refused(as(key).delete("/api/v1/backups/" + backup));
        refused(as(key).delete("/api/v1/me"));
        // Nothing happened: one key, the backup, the account and its session are all still there.
        owner.given().get("/api/v1/api-keys").then().statusCode(200).body("size()", equalTo(1));
        owner.given().get("/api/v1/backups/" + backup).then().statusCode(200);
        owner.given().get("/api/v1/me").then().statusCode(200);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("refreshToken", owner.refreshToken()))
                .post("/api/v1/auth/refresh").then().statusCode(200);
    }

    @Test
    void a_backup_read_key_lists_and_downloads_but_cannot_upload_label_sync_or_listen() throws Exception {
        Session owner = TestUsers.register();
        String backup = upload(owner.given()).then().statusCode(201).extract().path("id");
        String reader = key(owner, List.of("backup:read"));
        as(reader).get("/api/v1/backups").then().statusCode(200).body("items.id", hasItem(backup));
        as(reader).get("/api/v1/backups/summary").then().statusCode(200);
        as(reader).get("/api/v1/backups/" + backup + "/content").then().statusCode(200);
        as(reader).get("/api/v1/me").then().statusCode(200);
        refused(upload(as(reader)));
        refused(as(reader).contentType(ContentType.JSON).body(Map.of("pinned", true)).patch("/api/v1/backups/" + backup));
        refused(push(as(reader)));
        refused(as(reader).get("/api/v1/sync/pull"));
        try (EventStream stream = new EventStream(RestAssured.port, reader, null)) {
            assertEquals(403, stream.status);
        }
    }

    @Test
    void a_sync_key_syncs_and_listens_but_cannot_touch_backups() throws Exception {
        Session owner = TestUsers.register();
        String syncer = key(owner, List.of("sync"));
        push(as(syncer)).then().statusCode(200);
        as(syncer).get("/api/v1/sync/pull").then().statusCode(200);
        as(syncer).get("/api/v1/sync/status").then().statusCode(200);
        try (EventStream stream = new EventStream(RestAssured.port, syncer, null)) {
            assertEquals(200, stream.status);
        }
        refused(upload(as(syncer)));
        refused(as(syncer).get("/api/v1/backups"));
    }

    @Test
    void a_backup_key_uploads_labels_and_pins_but_cannot_sync() throws Exception {
        Session owner = TestUsers.register();
        String backupKey = key(owner, List.of("backup"));
        String id = upload(as(backupKey)).then().statusCode(201).extract().path("id");
        as(backupKey).contentType(ContentType.JSON).body(Map.of("pinned", true, "label", "nightly"))
                .patch("/api/v1/backups/" + id).then().statusCode(200).body("pinned", equalTo(true));
        as(backupKey).get("/api/v1/backups/" + id + "/content").then().statusCode(200);
        refused(push(as(backupKey)));
    }

    @Test
    void unknown_or_empty_scopes_are_a_400_and_make_no_key() {
        Session owner = TestUsers.register();
        for (Object scopes : List.of(List.of("admin"), List.of(), List.of("sync", "root"))) {
            owner.given().contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", scopes))
                    .post("/api/v1/api-keys").then().statusCode(400).contentType("application/problem+json");
        }
        owner.given().get("/api/v1/api-keys").then().body("size()", equalTo(0));
    }
}
