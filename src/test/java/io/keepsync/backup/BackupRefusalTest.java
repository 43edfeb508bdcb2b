package io.keepsync.backup;

import static io.keepsync.backup.BackupTest.PROBLEM;
import static io.keepsync.backup.BackupTest.filesOf;
import static io.keepsync.backup.BackupTest.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;

/** Every refusal answers a problem and leaves no row and no file behind. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackupRefusalTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private static List<Path> tempFiles() throws Exception {
        return BackupTest.stagedFiles();
    }

    private static void assertNothingStored(Session session) throws Exception {
        session.given().get("/api/v1/backups").then().statusCode(200).body("items", hasSize(0));
        assertEquals(List.of(), filesOf(session));
        assertEquals(List.of(), tempFiles());
    }

    private static Path bytes(byte[] content) throws Exception {
        Path file = Files.createTempFile("upload-", ".bin");
        Files.write(file, content);
        return file;
    }

    @Test
    void random_bytes_are_not_sqlite() throws Exception {
        Session session = TestUsers.register();
        byte[] random = new byte[8192];
        new Random(1).nextBytes(random);
        upload(session, bytes(random)).then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/not-sqlite"));
        assertNothingStored(session);
    }

    private static double uploads(String outcome) {
        String metrics = io.restassured.RestAssured.given().port(io.keepsync.ManagementPort.port()).get("/q/metrics").then()
                .statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("keepsync_backup_uploads_total{")
                        && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void each_refusal_is_counted_once_by_outcome() throws Exception {
        Session session = TestUsers.register();
        double notSqlite = uploads("rejected-422");
        double mismatch = uploads("rejected-400");
        upload(session, bytes(new byte[] { 1, 2, 3 })).then().statusCode(422);
        session.given().contentType("application/octet-stream").header("X-Content-SHA256", "00".repeat(32))
                .body(Snapshots.create(5, 1).toFile()).post("/api/v1/backups").then().statusCode(400);
        assertEquals(notSqlite + 1, uploads("rejected-422"));
        assertEquals(mismatch + 1, uploads("rejected-400"));
    }

    @Test
    void an_empty_body_is_not_sqlite() throws Exception {
        Session session = TestUsers.register();
        upload(session, bytes(new byte[0])).then().statusCode(422)
                .body("type", equalTo("https://keepsync.io/problems/not-sqlite"));
        assertNothingStored(session);
    }

    @Test
    void a_truncated_file_is_corrupt() throws Exception {
        Session session = TestUsers.register();
        byte[] whole = Files.readAllBytes(Snapshots.create(300, 1));
        upload(session, bytes(java.util.Arrays.copyOf(whole, whole.length - 4096 - 100))).then().statusCode(422)
                .contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/corrupt-snapshot"))
                .body("detail", containsString("pages"));
        assertNothingStored(session);
    }

    @Test
    void a_file_with_a_corrupted_btree_page_is_corrupt() throws Exception {
        Session session = TestUsers.register();
        Path damaged = Snapshots.corruptPage(Snapshots.create(300, 1), 5);
        upload(session, damaged).then().statusCode(422)
                .body("type", equalTo("https://keepsync.io/problems/corrupt-snapshot"));
        assertNothingStored(session);
    }

    @Test
    void a_checksum_mismatch_is_400() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(20, 1);
        byte[] wrong = new byte[32];
        session.given().contentType("application/octet-stream")
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(wrong) + ":")
                .body(file.toFile()).post("/api/v1/backups").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/checksum-mismatch"));
        session.given().contentType("application/octet-stream")
                .header("X-Content-SHA256", HexFormat.of().formatHex(wrong))
                .body(file.toFile()).post("/api/v1/backups").then().statusCode(400)
                .body("type", equalTo("https://keepsync.io/problems/checksum-mismatch"));
        assertNothingStored(session);
        session.given().contentType("application/octet-stream")
                .header("X-Content-SHA256", Snapshots.sha256(file).toUpperCase())
                .body(file.toFile()).post("/api/v1/backups").then().statusCode(201);
    }

    @Test
    void an_unsupported_content_type_is_415() throws Exception {
        Session session = TestUsers.register();
        session.given().contentType("application/json").body("{}").post("/api/v1/backups").then().statusCode(415)
                .contentType(PROBLEM);
        assertNothingStored(session);
    }

    @Test
    void an_upload_cut_off_mid_body_leaves_nothing() throws Exception {
        Session session = TestUsers.register();
        byte[] head = Files.readAllBytes(Snapshots.create(50, 1));
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/backups HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + session.accessToken() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + (head.length * 4) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.flush();
            Thread.sleep(300);
        }
        for (int i = 0; i < 50 && !tempFiles().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertNothingStored(session);
    }
}
