package io.keepsync.backup.store;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.S3ProxyResource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.BackupHousekeeping;
import io.keepsync.backup.BackupVerifier;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Backups kept in a real S3-compatible bucket (s3proxy): the whole life of a snapshot, seen from the bucket too. */
@QuarkusTest
@TestProfile(S3ProxyResource.InBucket.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class S3BackupStoreTest {

    @Inject
    BackupStore store;

    @Inject
    BackupVerifier verifier;

    @Inject
    BackupHousekeeping housekeeping;

    private static List<String> objectsOf(Session session) {
        try (S3Client s3 = S3ProxyResource.client()) {
            return s3.listObjectsV2Paginator(r -> r.bucket(S3ProxyResource.BUCKET)
                    .prefix("backups/users/" + session.userId() + "/")).contents().stream().map(S3Object::key).toList();
        }
    }

    private static String upload(Session session, Path file) throws Exception {
        return session.given().contentType("application/octet-stream").body(Files.readAllBytes(file))
                .post("/api/v1/backups").then().statusCode(201).extract().path("id");
    }

    @Test
    void the_s3_store_is_the_one_in_use_and_ready() {
        assertTrue(store.probe().up(), store.probe().problem());
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Backup directory' }.data.path", equalTo("s3://keepsync-test/backups/"));
    }

    @Test
    void a_snapshot_larger_than_a_part_goes_up_in_parts_and_comes_back_whole_and_in_ranges() throws Exception {
        Session session = TestUsers.register();
        Path file = SnapshotFiles.create(5000, 4000);
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > S3BackupStore.PART_SIZE, "the test snapshot fits one part: " + bytes.length);
        String id = upload(session, file);
        assertEquals(List.of("backups/users/" + session.userId() + "/" + id + ".sqlite"), objectsOf(session));

        byte[] whole = session.given().get("/api/v1/backups/" + id + "/content").then().statusCode(200)
                .header("Content-Length", String.valueOf(bytes.length)).extract().asByteArray();
        assertArrayEquals(bytes, whole);
        byte[] range = session.given().header("Range", "bytes=1000-" + (S3BackupStore.PART_SIZE + 999))
                .get("/api/v1/backups/" + id + "/content").then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(bytes, 1000, S3BackupStore.PART_SIZE + 1000), range);
        staged(0);
    }

    @Test
    void a_refused_upload_leaves_no_object_and_no_multipart_upload() throws Exception {
        Session session = TestUsers.register();
        session.given().contentType("application/octet-stream").header("X-Content-SHA256", "0".repeat(64))
                .body(Files.readAllBytes(SnapshotFiles.create(30))).post("/api/v1/backups").then().statusCode(400);
        session.given().contentType("application/octet-stream").body(new byte[] { 1, 2, 3 }).post("/api/v1/backups")
                .then().statusCode(422);
        assertEquals(List.of(), objectsOf(session));
        try (S3Client s3 = S3ProxyResource.client()) {
            assertEquals(0, s3.listMultipartUploads(r -> r.bucket(S3ProxyResource.BUCKET)).uploads().size());
        }
        staged(0);
    }

    @Test
    void delete_verification_orphans_and_account_deletion_act_on_objects() throws Exception {
        Session session = TestUsers.register();
        String kept = upload(session, SnapshotFiles.create(31));
        String deleted = upload(session, SnapshotFiles.create(32));
        session.given().delete("/api/v1/backups/" + deleted).then().statusCode(204);
        assertEquals(List.of("backups/users/" + session.userId() + "/" + kept + ".sqlite"), objectsOf(session));

        String orphan = "backups/users/" + session.userId() + "/" + UUID.randomUUID() + ".sqlite";
        try (S3Client s3 = S3ProxyResource.client()) {
            s3.putObject(r -> r.bucket(S3ProxyResource.BUCKET).key(orphan), RequestBody.fromBytes(new byte[] { 1 }));
            assertEquals(0, housekeeping.removeOrphansOlderThan(Duration.ofHours(1)), "a young orphan was removed");
            assertEquals(1, housekeeping.removeOrphansOlderThan(Duration.ofSeconds(-60)));
            assertEquals(List.of("backups/users/" + session.userId() + "/" + kept + ".sqlite"), objectsOf(session));

            s3.putObject(r -> r.bucket(S3ProxyResource.BUCKET).key("backups/users/" + session.userId() + "/" + kept
                    + ".sqlite"), RequestBody.fromBytes(new byte[] { 9, 9 }));
            verifyAll();
            session.given().get("/api/v1/backups/" + kept).then().body("status", equalTo("damaged"));
            s3.deleteObject(r -> r.bucket(S3ProxyResource.BUCKET).key("backups/users/" + session.userId() + "/" + kept
                    + ".sqlite"));
            verifyAll();
            session.given().get("/api/v1/backups/" + kept).then().body("status", equalTo("missing"));
            session.given().get("/api/v1/backups/" + kept + "/content").then().statusCode(404)
                    .body("type", equalTo("https://keepsync.io/problems/backup-file-missing"));
        }

        String last = upload(session, SnapshotFiles.create(33));
        session.given().delete("/api/v1/me").then().statusCode(204);
        assertEquals(List.of(), objectsOf(session), "objects outlived the account (" + last + ")");
    }

    private void verifyAll() {
        for (int i = 0; i < 50 && verifier.verifyBatch(20) == 20; i++) {
            // every backup of every test gets its turn
        }
    }

    private static void staged(int expected) throws Exception {
        assertEquals(expected, SnapshotFiles.staged().size());
    }
}
