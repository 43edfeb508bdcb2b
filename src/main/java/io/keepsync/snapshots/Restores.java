package io.keepsync.snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.backup.Backups;
import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupSource;
import io.keepsync.backup.store.BackupStore;
import io.keepsync.backup.store.LocalStaging;
import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.common.encoding.Sha256;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.live.LiveEvents;
import io.keepsync.sync.SyncCursor;
import io.keepsync.sync.SyncHead;
import io.keepsync.sync.push.HeadRepository;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/**
 * Rolls a user's synced records back to a server snapshot. In one transaction under the user's push lock: the
 * current state is snapshotted first (pinned, so the restore can be undone), then every record whose state differs
 * from the snapshot gets the snapshot's state as a new change, which devices receive by pulling like any other.
 */
@ApplicationScoped
public class Restores {

    /** Records read from the snapshot file and sent to PostgreSQL at a time. */
    private static final int BATCH = 1000;

    /** A restore of a large account runs longer than a request's default transaction may. */
    private static final int TIMEOUT_SECONDS = 15 * 60;

    @Inject
    Backups backups;

    @Inject
    BackupStore store;

    @Inject
    LocalStaging staging;

    @Inject
    RestoreRepository repository;

    @Inject
    HeadRepository heads;

    @Inject
    ServerSnapshots snapshots;

    @Inject
    LiveEvents events;

    @Inject
    SnapshotMetrics metrics;

    @Transactional
    @TransactionConfiguration(timeout = TIMEOUT_SECONDS)
    public RestoreResult restore(UUID userId, UUID backupId, boolean dryRun) {
        long started = System.nanoTime();
        try {
            RestoreResult result = run(userId, backups.get(userId, backupId), dryRun);
            metrics.restore(dryRun ? "dry-run" : "restored", dryRun ? null : result, System.nanoTime() - started);
            return result;
        } catch (ProblemException e) {
            metrics.restore("rejected-" + e.status(), null, System.nanoTime() - started);
            throw e;
        }
    }

    private RestoreResult run(UUID userId, Backup backup, boolean dryRun) {
        if (backup.source != BackupSource.server) {
            throw new ProblemException(ProblemType.NOT_A_SERVER_SNAPSHOT, "Backup " + backup.id + " is a database a "
                    + "device uploaded; only the server's snapshots of synced records (POST /api/v1/backups/snapshot) "
                    + "can be restored into sync");
        }
        if (!backup.status.ok()) {
            throw new ProblemException(ProblemType.CORRUPT_SNAPSHOT,
                    "Backup " + backup.id + " is " + backup.status + " and cannot be restored");
        }
        if (!repository.tryLock(userId)) {
            throw new ProblemException(ProblemType.RESTORE_IN_PROGRESS,
                    "A restore of this account is already running; try again when it has finished");
        }
        Path file = fetch(backup);
        try {
            repository.createTarget();
            load(userId, file);
            if (dryRun) {
                RestoreRepository.Counts counts = repository.counts(userId);
                String cursor = heads.findByIdOptional(userId).map(SyncHead::cursor).orElse(new SyncCursor(1, 0))
                        .encode();
                return new RestoreResult(counts.restored(), counts.deleted(), counts.unchanged(), cursor, null);
            }
            // Pushes of this user wait from here until the restore commits, on every replica.
            SyncHead head = heads.lock(userId);
            RestoreRepository.Counts counts = repository.counts(userId);
            Backup undo = snapshots.take(userId, ServerSnapshots.Trigger.undo,
                    "Before the restore of the snapshot of " + IsoInstants.format(backup.createdAt));
            long changed = counts.restored() + counts.deleted();
            if (changed > 0) {
                Instant receivedAt = head.nextReceiptTime();
                int written = repository.apply(userId, head.version, receivedAt);
                if (written != changed) {
                    throw new IllegalStateException("The restore wrote " + written + " records, not " + changed);
                }
                head.version += written;
                head.lastReceivedAt = receivedAt;
                heads.advance(head);
                String cursor = head.cursor().encode();
                events.publish(userId, "changes", Map.of("cursor", cursor, "serverTime", IsoInstants.format(receivedAt),
                        "clientId", RestoreRepository.CLIENT_ID), RestoreRepository.CLIENT_ID);
            }
            return new RestoreResult(counts.restored(), counts.deleted(), counts.unchanged(), head.cursor().encode(),
                    undo.id);
        } finally {
            LocalStaging.discard(file);
        }
    }

    /** Copies the stored snapshot to a staged file, checking it still hashes to what was stored. */
    private Path fetch(Backup backup) {
        Path file;
        try {
            file = staging.newFile();
        } catch (IOException e) {
            throw new IllegalStateException("No staging file for a restore", e);
        }
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = store.open(backup.storageKey);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            in.transferTo(out);
        } catch (IOException e) {
            LocalStaging.discard(file);
            throw new ProblemException(ProblemType.BACKUP_FILE_MISSING,
                    "The file of backup " + backup.id + " cannot be read from the backup store");
        }
        if (!Sha256.hex(digest.digest()).equals(backup.sha256)) {
            LocalStaging.discard(file);
            throw new ProblemException(ProblemType.CORRUPT_SNAPSHOT,
                    "The file of backup " + backup.id + " no longer matches its SHA-256; it cannot be restored");
        }
        return file;
    }

    /** Loads the snapshot's records into the restore's table, a batch at a time. */
    private void load(UUID userId, Path file) {
        try (SnapshotFile.Reader reader = new SnapshotFile.Reader(file)) {
            Map<String, String> facts = reader.facts();
            if (!Integer.toString(SnapshotFile.FORMAT).equals(facts.get("format"))
                    || !userId.toString().equals(facts.get("user_id"))) {
                throw new ProblemException(ProblemType.NOT_A_SERVER_SNAPSHOT,
                        "The file is not a server snapshot of this account in format " + SnapshotFile.FORMAT);
            }
            reader.records(BATCH, repository::addTargets);
        } catch (SQLException e) {
            throw new ProblemException(ProblemType.CORRUPT_SNAPSHOT,
                    "The snapshot cannot be read: " + e.getMessage());
        }
    }
}
