package io.keepsync;

import java.nio.file.Path;

import jakarta.inject.Inject;

import io.keepsync.auth.SigningKeys;
import io.keepsync.backup.store.SnapshotMigration;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The packaged application's entry point. Without arguments it serves until stopped. {@code copy-backups-to-s3 <backup
 * dir>} copies a volume's snapshots into the configured bucket and exits (0 when every backup is in the bucket,
 * checked). {@code rotate-signing-key} adds a new access-token signing key (older ones keep verifying until the tokens
 * they signed expire) and exits.
 */
@QuarkusMain
public class Commands implements QuarkusApplication {

    static final String COPY_TO_S3 = "copy-backups-to-s3";
    static final String ROTATE_SIGNING_KEY = "rotate-signing-key";

    @Inject
    SnapshotMigration migration;

    @Inject
    SigningKeys signingKeys;

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length == 2 && args[0].equals(COPY_TO_S3)) {
            return migration.copyFrom(Path.of(args[1]).toAbsolutePath().normalize()).complete() ? 0 : 1;
        }
        if (args.length == 1 && args[0].equals(ROTATE_SIGNING_KEY)) {
            return rotate();
        }
        System.err.println("Usage: java -jar quarkus-run.jar [" + COPY_TO_S3 + " <backup directory> | "
                + ROTATE_SIGNING_KEY + "]");
        return 2;
    }

    private int rotate() {
        try {
            System.out.println("New signing key " + signingKeys.rotate()
                    + "; every replica signs with it within a minute, and older keys verify until their tokens expire");
            return 0;
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
