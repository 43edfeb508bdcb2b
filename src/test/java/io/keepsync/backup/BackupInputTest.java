package io.keepsync.backup;

import static io.keepsync.backup.BackupTest.PROBLEM;
import static io.keepsync.backup.BackupTest.filesOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
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
import io.restassured.path.json.JsonPath;

/** Labels, cursors, limits and multipart bodies as clients really send them: kept exactly or refused with a 4xx. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackupInputTest {

    private static String uploadId(Session session) throws Exception {
        return BackupTest.upload(session, SnapshotFiles.create(5)).then().statusCode(201).extract().path("id");
    }

    @Test
    void a_label_with_a_nul_or_broken_text_is_a_400_problem_and_changes_nothing() throws Exception {
        Session session = TestUsers.register();
        String id = uploadId(session);
        for (String label : List.of("a\u0000b", "half \uD83D", "\uDC00")) {
            session.given().contentType(ContentType.JSON).body(Map.of("label", label)).patch("/api/v1/backups/" + id)
                    .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("label"));
        }
        Path snapshot = SnapshotFiles.create(6);
        for (String query : List.of("label=a%00b", "label=e%C0%AF", "label=%F4%90%80%80", "label=%ED%A0%80")) {
            session.given().urlEncodingEnabled(false).contentType("application/octet-stream")
                    .body(Files.readAllBytes(snapshot)).post("/api/v1/backups?" + query).then().statusCode(400)
                    .contentType(PROBLEM);
        }
        session.given().get("/api/v1/backups/" + id).then().statusCode(200).body("label", equalTo(null));
        session.given().get("/api/v1/backups").then().body("items", hasSize(1));
        assertEquals(1, filesOf(session).size());
    }

    @Test
    void a_label_and_client_id_in_utf8_headers_or_the_query_are_stored_exactly() throws Exception {
        Session session = TestUsers.register();
        String label = "Día 1 ✓ \uD83D\uDCAA";
        // HTTP clients here send header values as ASCII; a raw request carries the UTF-8 bytes a phone would send.
        byte[] file = Files.readAllBytes(SnapshotFiles.create(7));
        String answer;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/backups HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + session.accessToken() + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + file.length + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(("X-Backup-Label: " + label + "\r\nX-Client-Id: テレフォン\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        String id = JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getString("id");
        session.given().get("/api/v1/backups/" + id).then().body("label", equalTo(label))
                .body("clientId", equalTo("テレフォン"));
        session.given().urlEncodingEnabled(false).contentType("application/octet-stream")
                .body(Files.readAllBytes(SnapshotFiles.create(8)))
                .post("/api/v1/backups?label=" + URLEncoder.encode(label, StandardCharsets.UTF_8))
                .then().statusCode(201).body("label", equalTo(label));
    }

    @Test
    void forwarded_headers_from_an_untrusted_peer_do_not_change_the_location_of_a_new_backup() throws Exception {
        // Loopback is not a trusted proxy by default; ForwardedHeadersTest sends the same through a trusted one.
        Session session = TestUsers.register();
        session.given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "keepsync.up.railway.app")
                .contentType("application/octet-stream").body(Files.readAllBytes(SnapshotFiles.create(11)))
                .post("/api/v1/backups").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.startsWith("http://localhost:"));
    }

    @Test
    void a_crafted_before_cursor_or_a_limit_that_is_no_whole_number_is_a_400_problem() {
        Session session = TestUsers.register();
        String farFuture = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "+999999999-12-31T23:59:59Z|3f2b0c9e-1d8a-4b7e-9c51-0a2d6e8f4b13".getBytes(StandardCharsets.UTF_8));
        String beforeEpoch = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "-000001-01-01T00:00:00Z|3f2b0c9e-1d8a-4b7e-9c51-0a2d6e8f4b13".getBytes(StandardCharsets.UTF_8));
        for (String before : List.of(farFuture, beforeEpoch, "%00", "not-a-cursor")) {
            session.given().urlEncodingEnabled(false).get("/api/v1/backups?before=" + before).then().statusCode(400)
                    .contentType(PROBLEM).body("violations[0].field", equalTo("before"));
        }
        for (String limit : List.of("1e9", "abc", "0", "201", "-1")) {
            session.given().queryParam("limit", limit).get("/api/v1/backups").then().statusCode(400)
                    .contentType(PROBLEM).body("violations[0].field", equalTo("limit"));
        }
    }

    @Test
    void malformed_multipart_on_either_upload_path_is_a_400_problem_and_leaves_nothing() throws Exception {
        Session session = TestUsers.register();
        byte[] snapshot = Files.readAllBytes(SnapshotFiles.create(9));
        for (String path : List.of("/api/v1/backups", "/api/backup")) {
            for (byte[] body : List.of(multipart("wrong", snapshot, true), multipart("never-there", snapshot, false),
                    cut(multipart("real", snapshot, true)))) {
                session.given().contentType("multipart/form-data; boundary=real").body(body).post(path)
                        .then().statusCode(400).contentType(PROBLEM);
            }
        }
        session.given().get("/api/v1/backups").then().body("items", hasSize(0));
        assertEquals(0, filesOf(session).size());
        assertEquals(List.of(), BackupTest.stagedFiles(), "staged files left behind");
    }

    /** A multipart body delimited by {@code boundary} (the header of the requests announces {@code real}). */
    private static byte[] multipart(String boundary, byte[] file, boolean closed) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"db.sqlite\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(file);
        if (closed) {
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return body.toByteArray();
    }

    private static byte[] cut(byte[] body) {
        return Arrays.copyOf(body, body.length / 2);
    }
}
