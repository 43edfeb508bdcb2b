package io.keepsync.common;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Phones on a poor uplink start requests and stall mid-body; nobody else may wait for them. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SlowClientsTest {

    private static final int STALLED_PUSHES = 600;
    private static final int STALLED_UPLOADS = 200;

    private static Socket stall(Session session, String path, String type, int declared, int sent) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + session.accessToken()
                + "\r\nContent-Type: " + type + "\r\nContent-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        return socket;
    }

    private static void pushAndPull(Session session, String id) {
        session.given().contentType(ContentType.JSON)
                .body(Map.of("clientId", "fast", "changes", List.of(Map.of("id", id, "entityType", "workout",
                        "entityId", id, "action", "create", "data", Map.of("v", 1), "lastModifiedAt",
                        "2026-11-20T10:00:00Z"))))
                .post("/api/v1/sync/push").then().statusCode(200).body("results[0].status", equalTo("applied"));
        session.given().get("/api/v1/sync/pull").then().statusCode(200);
    }

    @Test
    void hundreds_of_stalled_push_and_upload_bodies_hold_no_thread_and_delay_nobody() throws Exception {
        Session slow = TestUsers.register();
        Session fast = TestUsers.register();
        pushAndPull(fast, "warm-up");
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED_PUSHES; i++) {
                stalled.add(stall(slow, "/api/v1/sync/push", "application/json", 4096, 37));
            }
            for (int i = 0; i < STALLED_UPLOADS; i++) {
                stalled.add(stall(slow, "/api/v1/backups", "application/octet-stream", 1 << 20, 4096));
            }
            // Far more stalled bodies than worker threads (200 here): a body read on a worker would block them all.
            long start = System.nanoTime();
            pushAndPull(fast, "while-stalled");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "a push and a pull took " + millis + " ms beside stalled bodies");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
