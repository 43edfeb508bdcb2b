package io.keepsync.backup.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.catalog.BackupRepository;
import io.keepsync.common.encoding.Sha256;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Moves from a volume to a bucket: copies every recorded backup's file from a backup directory into the S3 store
 * under the same key, and checks the object's SHA-256 against the backup's. Idempotent: an object already in the
 * bucket with the right SHA-256 is left as it is, so the command can run again after an interruption.
 */
@ApplicationScoped
public class SnapshotMigration {

    /** What a run did. */
    public record Report(int copied, int alreadyThere, int missing, int mismatched) {
        public boolean complete() {
            return missing == 0 && mismatched == 0;
        }
    }

    @Inject
    BackupRepository repository;

    @Inject
    S3BackupStore bucket;

    public Report copyFrom(Path backupDir) throws IOException {
        List<BackupRepository.StoredSnapshot> snapshots = QuarkusTransaction.requiringNew()
                .call(repository::allSnapshots);
        int copied = 0, alreadyThere = 0, missing = 0, mismatched = 0;
        for (BackupRepository.StoredSnapshot snapshot : snapshots) {
            if (bucket.exists(snapshot.storageKey()) && snapshot.sha256().equals(hashOf(snapshot.storageKey()))) {
                alreadyThere++;
                continue;
            }
            Path file = backupDir.resolve(snapshot.storageKey()).normalize();
            if (!file.startsWith(backupDir) || !Files.isRegularFile(file)) {
                Log.warnf("Backup %s has no file at %s; not copied", snapshot.id(), file);
                missing++;
            } else if (!snapshot.sha256().equals(Sha256.hex(Files.newInputStream(file)))) {
                Log.warnf("The file of backup %s no longer matches its SHA-256; not copied", snapshot.id());
                mismatched++;
            } else {
                bucket.put(file, snapshot.storageKey());
                if (!snapshot.sha256().equals(hashOf(snapshot.storageKey()))) {
                    throw new IOException("The copy of backup " + snapshot.id() + " in the bucket does not match");
                }
                copied++;
            }
        }
        Report report = new Report(copied, alreadyThere, missing, mismatched);
        Log.infof("Copied %d snapshot(s) to the bucket, %d already there, %d missing, %d not matching their SHA-256",
                copied, alreadyThere, missing, mismatched);
        return report;
    }

    private String hashOf(String key) throws IOException {
        return Sha256.hex(bucket.open(key));
    }
}
