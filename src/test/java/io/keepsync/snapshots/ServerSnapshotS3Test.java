package io.keepsync.snapshots;

import io.keepsync.S3ProxyResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every server snapshot and restore test, run again with the snapshots in a real S3-compatible bucket (s3proxy). */
@QuarkusTest
@TestProfile(S3ProxyResource.InBucket.class)
class ServerSnapshotS3Test extends ServerSnapshotTest {
}
