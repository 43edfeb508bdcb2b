package io.keepsync.common;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.RawHttp;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.console.ConsoleBrowser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Phones on a poor uplink, and strangers on purpose, start requests and stall mid-body; nobody else may wait for them.
 * Every kind of endpoint that takes a body is tried, with a declared length and chunked: 250 stalled bodies at once,
 * then another user's push and pull must answer within a second.
 */
@QuarkusTest
@TestProfile(SlowClientsTest.ManyUploads.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SlowClientsTest {

    private static final int STALLED = 250;

    /** Uploads in flight are capped per user; here one user holds all 250, so that each stalls while received. */
    public static class ManyUploads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.backup.max-uploads-per-user", "1000");
        }
    }

    /** An endpoint that takes a body: where, as what, with which credentials. */
    private record Kind(String name, String method, String path, String contentType, Map<String, String> headers) {
    }

    private static void pushAndPull(Session session, String id) {
        session.given().contentType(ContentType.JSON)
                .body(Map.of("clientId", "fast", "changes", List.of(Map.of("id", id, "entityType", "workout",
                        "entityId", id, "action", "create", "data", Map.of("v", 1), "lastModifiedAt",
                        "2026-11-20T10:00:00Z"))))
                .post("/api/v1/sync/push").then().statusCode(200).body("results[0].status", equalTo("applied"));
        session.given().get("/api/v1/sync/pull").then().statusCode(200);
    }

    private static List<Kind> kinds(Session slow) throws Exception {
        String backup = slow.given().contentType("application/octet-stream")
                .body(Files.readAllBytes(SnapshotFiles.create(10))).post("/api/v1/backups").then().statusCode(201)
                .extract().path("id");
        ConsoleBrowser browser = ConsoleBrowser.signIn(slow);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + slow.accessToken());
        Map<String, String> console = Map.of("Cookie", browser.cookie(), "X-CSRF-Token", browser.csrf());
        return List.of(
                new Kind("register", "POST", "/api/v1/auth/register", "application/json", Map.of()),
                new Kind("login", "POST", "/api/v1/auth/login", "application/json", Map.of()),
                new Kind("refresh", "POST", "/api/v1/auth/refresh", "application/json", Map.of()),
                new Kind("password change", "POST", "/api/v1/me/password", "application/json", bearer),
                new Kind("API key", "POST", "/api/v1/api-keys", "application/json", bearer),
                new Kind("backup label", "PATCH", "/api/v1/backups/" + backup, "application/json", bearer),
                new Kind("push", "POST", "/api/v1/sync/push", "application/json", bearer),
                new Kind("raw upload", "POST", "/api/v1/backups", "application/octet-stream", bearer),
                new Kind("multipart upload", "POST", "/api/v1/backups", "multipart/form-data; boundary=XYZ", bearer),
                new Kind("console sign-in", "POST", "/signin", "application/x-www-form-urlencoded", Map.of()),
                new Kind("console label", "POST", "/backups/" + backup + "/label", "application/x-www-form-urlencoded",
                        console),
                new Kind("console upload", "POST", "/backups", "multipart/form-data; boundary=XYZ", console));
    }

    @Test
    void hundreds_of_stalled_bodies_on_any_endpoint_hold_no_thread_and_delay_nobody() throws Exception {
        Session slow = TestUsers.register();
        Session fast = TestUsers.register();
        pushAndPull(fast, "warm-up");
        int round = 0;
        for (Kind kind : kinds(slow)) {
            for (boolean chunked : new boolean[] { false, true }) {
                List<RawHttp> stalled = new ArrayList<>();
                try {
                    for (int i = 0; i < STALLED; i++) {
                        Map<String, String> headers = new HashMap<>(kind.headers());
                        headers.put("Content-Type", kind.contentType());
                        if (chunked) {
                            headers.put("Transfer-Encoding", "chunked");
                            stalled.add(RawHttp.start(RestAssured.port, kind.method(), kind.path(), headers)
                                    .chunk("{\"email\":".getBytes()));
                        } else {
                            headers.put("Content-Length", "4096");
                            stalled.add(RawHttp.start(RestAssured.port, kind.method(), kind.path(), headers)
                                    .send("{\"email\":"));
                        }
                    }
                    // Far more stalled bodies than worker threads: a body read on a worker would block them all.
                    long start = System.nanoTime();
                    pushAndPull(fast, "while-stalled-" + round++);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    io.keepsync.Measured.report("push and pull beside " + STALLED + " stalled " + (chunked ? "chunked " : "")
                            + kind.name() + " bodies (ms)", millis);
                    assertTrue(millis < 1000, "a push and a pull took " + millis + " ms beside " + STALLED + " stalled "
                            + (chunked ? "chunked " : "") + kind.name() + " bodies");
                } finally {
                    for (RawHttp socket : stalled) {
                        socket.close();
                    }
                }
            }
        }
        assertEquals(24, round);
    }
}
