package io.keepsync.backup;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The backup tests against the packaged application (with its small heap). */
@QuarkusIntegrationTest
class BackupIT extends BackupTest {
}
