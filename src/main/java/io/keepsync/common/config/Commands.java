package io.keepsync.common.config;

import java.nio.file.Path;

import jakarta.inject.Inject;

import io.keepsync.backup.store.SnapshotMigration;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The jar's entry point: without arguments it serves until stopped; {@code copy-backups-to-s3 <backup dir>} copies a
 * volume's snapshots into the configured bucket and exits (0 when every backup is in the bucket, checked).
 */
@QuarkusMain
public class Commands implements QuarkusApplication {

    static final String COPY_TO_S3 = "copy-backups-to-s3";

    @Inject
    SnapshotMigration migration;

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length == 2 && args[0].equals(COPY_TO_S3)) {
            return migration.copyFrom(Path.of(args[1]).toAbsolutePath().normalize()).complete() ? 0 : 1;
        }
        System.err.println("Usage: java -jar quarkus-run.jar [" + COPY_TO_S3 + " <backup directory>]");
        return 2;
    }
}
