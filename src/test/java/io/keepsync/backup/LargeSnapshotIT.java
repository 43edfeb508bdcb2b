package io.keepsync.backup;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged application runs with {@code -Xmx128m} (quarkus.test.arg-line); a snapshot three times that size
 * must upload, verify and download intact, which it cannot if any layer holds the body in memory.
 */
@QuarkusIntegrationTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LargeSnapshotIT {

    @Test
    void a_snapshot_three_times_the_heap_uploads_and_downloads_intact() throws Exception {
        Session session = TestUsers.register();
        Path file = Snapshots.create(384, 1, false, 1024 * 1024);
        try {
            long size = Files.size(file);
            assertTrue(size > 384L * 1024 * 1024, "snapshot is only " + size + " bytes");
            String sha = Snapshots.sha256(file);
            String id = session.given().contentType("application/vnd.sqlite3").body(file.toFile())
                    .post("/api/v1/backups").then().statusCode(201)
                    .body("sha256", equalTo(sha))
                    .extract().path("id");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long received = 0;
            try (InputStream in = new DigestInputStream(session.given().get("/api/v1/backups/" + id + "/content")
                    .then().statusCode(200).extract().asInputStream(), digest)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) != -1;) {
                    received += n;
                }
            }
            assertEquals(size, received);
            assertEquals(sha, HexFormat.of().formatHex(digest.digest()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
