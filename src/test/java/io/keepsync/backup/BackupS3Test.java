package io.keepsync.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.keepsync.S3ProxyResource;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Every backup test, run again with snapshots in a real S3-compatible bucket (s3proxy) instead of a volume. */
@QuarkusTest
@TestProfile(S3ProxyResource.InBucket.class)
class BackupS3Test extends BackupTest {

    /** The user's objects in the bucket, each fetched into a local file. */
    @Override
    List<Path> stored(Session session) throws Exception {
        List<Path> files = new ArrayList<>();
        try (S3Client s3 = S3ProxyResource.client()) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(S3ProxyResource.BUCKET)
                    .prefix("backups/users/" + session.userId() + "/")).contents()) {
                Path file = Files.createTempFile("object-", ".sqlite");
                file.toFile().deleteOnExit();
                Files.write(file, s3.getObjectAsBytes(r -> r.bucket(S3ProxyResource.BUCKET).key(object.key()))
                        .asByteArray());
                files.add(file);
            }
        }
        return files;
    }

    @Override
    void assertNoStorageLeftFor(Session session) {
        try (S3Client s3 = S3ProxyResource.client()) {
            assertEquals(0, s3.listObjectsV2(r -> r.bucket(S3ProxyResource.BUCKET)
                    .prefix("backups/users/" + session.userId() + "/")).keyCount());
        }
    }
}
