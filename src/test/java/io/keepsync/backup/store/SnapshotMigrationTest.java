package io.keepsync.backup.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.S3ProxyResource;
import io.keepsync.TestFiles;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;

/** Moving from a volume to a bucket: every recorded snapshot copied under its key, checked, and only once. */
@QuarkusTest
@TestProfile(S3ProxyResource.InBucket.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SnapshotMigrationTest {

    @Inject
    SnapshotMigration migration;

    @Test
    void snapshots_on_a_volume_are_copied_checked_and_not_copied_twice() throws Exception {
        Session session = TestUsers.register();
        Path volume = Files.createTempDirectory("keepsync-volume-");
        try (S3Client s3 = S3ProxyResource.client()) {
            String[] keys = new String[3];
            byte[][] bytes = new byte[3][];
            for (int i = 0; i < 3; i++) {
                bytes[i] = Files.readAllBytes(SnapshotFiles.create(40 + i));
                String id = session.given().contentType("application/octet-stream").body(bytes[i])
                        .post("/api/v1/backups").then().statusCode(201).extract().path("id");
                keys[i] = BackupStore.key(session.userId(), java.util.UUID.fromString(id));
                String object = "backups/" + keys[i];
                s3.deleteObject(r -> r.bucket(S3ProxyResource.BUCKET).key(object));
                Path file = volume.resolve(keys[i]);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes[i]);
            }
            // The third one's file went bad on the volume: it must not be copied as if it were the backup.
            Files.write(volume.resolve(keys[2]), new byte[] { 1, 2, 3 });

            SnapshotMigration.Report first = migration.copyFrom(volume);
            assertTrue(first.copied() >= 2, first.toString());
            assertTrue(first.mismatched() >= 1, first.toString());
            assertFalse(first.complete());
            for (int i = 0; i < 2; i++) {
                String object = "backups/" + keys[i];
                assertArrayEquals(bytes[i], s3.getObjectAsBytes(r -> r.bucket(S3ProxyResource.BUCKET).key(object))
                        .asByteArray());
            }
            String bad = "backups/" + keys[2];
            assertEquals(0, s3.listObjectsV2(r -> r.bucket(S3ProxyResource.BUCKET).prefix(bad)).keyCount());

            SnapshotMigration.Report second = migration.copyFrom(volume);
            assertEquals(0, second.copied(), "a second run copied again: " + second);
            assertEquals(first.alreadyThere() + first.copied(), second.alreadyThere(), second.toString());
        } finally {
            TestFiles.deleteTree(volume);
        }
    }
}
