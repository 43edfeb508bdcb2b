package io.keepsync.backup;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.RawHttp;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * What one account may ask of the disk and the staging area: a body declared too large is refused before it is sent,
 * a body that grows too large is cut off, nothing larger than the limit is ever staged, multipart included, and a
 * user has at most three uploads in flight.
 */
@QuarkusTest
@TestProfile(UploadLimitsTest.FourMegabytes.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UploadLimitsTest {

    private static final long MAX = 4 * 1024 * 1024;
    private static final String MULTIPART = "multipart/form-data; boundary=XYZ";

    public static class FourMegabytes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.backup.max-size", Long.toString(MAX));
        }
    }

    private static Map<String, String> headers(Session session, String type, Map<String, String> more) {
        Map<String, String> headers = new java.util.HashMap<>(more);
        headers.put("Authorization", "Bearer " + session.accessToken());
        headers.put("Content-Type", type);
        return headers;
    }

    private static byte[] partHead() {
        return ("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.sqlite\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void a_multipart_upload_declaring_64_mib_is_refused_before_its_body_is_sent() throws Exception {
        Session session = TestUsers.register();
        List<Path> before = SnapshotFiles.staged();
        for (Map<String, String> expect : List.of(Map.of("Expect", "100-continue"), Map.<String, String> of())) {
            Map<String, String> headers = headers(session, MULTIPART, expect);
            headers.put("Content-Length", Long.toString(64L * 1024 * 1024));
            long start = System.nanoTime();
            try (RawHttp http = RawHttp.start(RestAssured.port, "POST", "/api/v1/backups", headers)) {
                String answer = http.answer(2000);
                io.keepsync.Measured.report("413 to a multipart upload declaring 64 MiB " + expect + " (ms)",
                        (System.nanoTime() - start) / 1_000_000);
                assertTrue(answer.startsWith("HTTP/1.1 413"), "no 413 within 2 s (" + expect + "): " + answer);
                assertTrue(answer.contains("payload-too-large"), answer);
                assertTrue(!answer.contains("100 Continue"), answer);
            }
        }
        assertTrue(before.containsAll(SnapshotFiles.staged()), "something was staged for a refused upload");
    }

    @Test
    void a_raw_upload_declaring_more_than_the_limit_is_413_at_once() throws Exception {
        Session session = TestUsers.register();
        Map<String, String> headers = headers(session, "application/octet-stream", Map.of("Expect", "100-continue"));
        headers.put("Content-Length", Long.toString(MAX + 1));
        try (RawHttp http = RawHttp.start(RestAssured.port, "POST", "/api/backup", headers)) {
            assertEquals(413, http.status(2000));
        }
    }

    @Test
    void chunked_uploads_are_cut_off_once_past_the_limit_and_nothing_larger_is_ever_staged() throws Exception {
        Session session = TestUsers.register();
        for (boolean multipart : new boolean[] { false, true }) {
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicLong largest = new AtomicLong();
            Thread watcher = new Thread(() -> {
                while (sending.get()) {
                    try {
                        for (Path staged : SnapshotFiles.staged()) {
                            largest.accumulateAndGet(Files.size(staged), Math::max);
                        }
                    } catch (Exception gone) {
                        // a staged file deleted while looked at
                    }
                }
            });
            watcher.start();
            Map<String, String> headers = headers(session, multipart ? MULTIPART : "application/octet-stream",
                    Map.of("Transfer-Encoding", "chunked"));
            int status;
            try (RawHttp http = RawHttp.start(RestAssured.port, "POST", "/api/v1/backups", headers)) {
                if (multipart) {
                    http.chunk(partHead());
                }
                byte[] chunk = new byte[256 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (int sent = 0; sent < 8 * 1024 * 1024; sent += chunk.length) {
                    try {
                        http.chunk(chunk);
                    } catch (java.io.IOException closed) {
                        break;
                    }
                }
                status = http.status(5000);
            } finally {
                sending.set(false);
                watcher.join();
            }
            assertEquals(413, status, multipart ? "multipart" : "raw");
            assertTrue(largest.get() <= MAX, "a staged file grew to " + largest.get() + " bytes");
        }
        session.given().get("/api/v1/backups").then().body("items", hasSize(0));
        assertEquals(List.of(), SnapshotFiles.staged());
    }

    @Test
    void a_user_has_at_most_three_uploads_in_flight() throws Exception {
        Session session = TestUsers.register();
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, String> headers = headers(session, "application/octet-stream", Map.of());
                headers.put("Content-Length", "100000");
                stalled.add(RawHttp.start(RestAssured.port, "POST", "/api/v1/backups", headers).send(new byte[1000]));
            }
            Thread.sleep(500);
            session.given().contentType("application/octet-stream")
                    .body(Files.readAllBytes(SnapshotFiles.create(10))).post("/api/v1/backups").then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", equalTo("https://keepsync.io/problems/too-many-uploads"));
            // Another user's upload is not affected.
            TestUsers.register().given().contentType("application/octet-stream")
                    .body(Files.readAllBytes(SnapshotFiles.create(11))).post("/api/v1/backups").then().statusCode(201);
            stalled.remove(0).close();
            Thread.sleep(500);
            session.given().contentType("application/octet-stream")
                    .body(Files.readAllBytes(SnapshotFiles.create(12))).post("/api/v1/backups").then().statusCode(201);
        } finally {
            for (RawHttp http : stalled) {
                http.close();
            }
        }
    }
}
