package io.keepsync.backup.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.backup.catalog.BackupMetrics;
import io.keepsync.backup.catalog.BackupRepository;
import io.keepsync.backup.catalog.BackupSource;
import io.keepsync.backup.catalog.BackupStatus;
import io.keepsync.backup.catalog.BackupView;
import io.keepsync.backup.store.BackupStore;
import io.keepsync.backup.store.LocalStaging;
import io.keepsync.common.encoding.Sha256;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.common.text.Text;
import io.keepsync.live.LiveEvents;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Receives a snapshot: stage it, check it in the SPEC's order (size, checksum, quota, header, integrity), then commit
 * it to the store and record it. Every refusal leaves neither a row nor a stored snapshot.
 */
@ApplicationScoped
public class BackupUploads {

    private static final DateTimeFormatter FILENAME = DateTimeFormatter
            .ofPattern("'backup-'yyyy-MM-dd'T'HH-mm-ss'Z.sqlite'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SERVER_FILENAME = DateTimeFormatter
            .ofPattern("'server-snapshot-'yyyy-MM-dd'T'HH-mm-ss'Z.sqlite'").withZone(ZoneOffset.UTC);

    @Inject
    BackupConfig config;

    @Inject
    UploadReceiver receiver;

    @Inject
    SnapshotInspector inspector;

    @Inject
    BackupStore store;

    @Inject
    BackupRepository repository;

    @Inject
    BackupMetrics metrics;

    @Inject
    LiveEvents events;

    @Inject
    UploadSlots slots;

    /**
     * An upload streamed from its body, raw or the {@code file} part of a multipart one; the checks and storing run on
     * a worker thread. While it runs it holds one of the user's upload slots.
     */
    public Uni<Uploaded> upload(UUID userId, StreamedBody body, UploadRequest request, boolean multipart) {
        Optional<byte[]> expected;
        Runnable release;
        try {
            expected = checkBeforeReading(request);
            release = slots.take(userId);
        } catch (ProblemException e) {
            metrics.uploaded("rejected-" + e.status(), 0);
            return Uni.createFrom().failure(e);
        }
        long started = System.nanoTime();
        return receiver.receive(body, maxSize(), multipart)
                .onFailure(ProblemException.class)
                .invoke(e -> metrics.uploaded("rejected-" + ((ProblemException) e).status(), 0))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(staged -> counted(
                        () -> keep(userId, staged, expected, backup -> describe(backup, request), started)
                                .named(staged.fileName())))
                .onTermination().invoke(release);
    }

    private long maxSize() {
        return config.maxSize().asLongValue();
    }

    private Uploaded counted(Supplier<Uploaded> upload) {
        try {
            Uploaded uploaded = upload.get();
            metrics.uploaded(uploaded.deduplicated() ? "deduplicated" : "stored", uploaded.backup().sizeBytes);
            if (!uploaded.deduplicated() && uploaded.backup().shrunk()) {
                metrics.shrunk();
            }
            return uploaded;
        } catch (ProblemException e) {
            metrics.uploaded("rejected-" + e.status(), 0);
            throw e;
        }
    }

    private Optional<byte[]> checkBeforeReading(UploadRequest request) {
        if (request.label() != null && request.label().length() > config.maxLabelLength()) {
            throw ProblemException.invalid("label", "must be at most " + config.maxLabelLength() + " characters");
        }
        if (request.clientId() != null && request.clientId().length() > Text.MAX_ID_LENGTH) {
            throw ProblemException.invalid("clientId", "must be at most " + Text.MAX_ID_LENGTH + " characters");
        }
        return Checksums.expected(request.contentDigest(), request.sha256Header());
    }

    /**
     * Stores a snapshot the server wrote of the user's synced records like an upload (quota, inspection, store,
     * row, live event), consuming the file. A restore calls it inside its transaction, so the row is recorded with
     * the restore or not at all.
     */
    public Backup storeServerSnapshot(UUID userId, Path file, ServerSnapshot snapshot) {
        StagedUpload staged;
        try {
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            staged = new StagedUpload(file, Files.size(file), digest.digest(), null);
        } catch (IOException e) {
            LocalStaging.discard(file);
            throw new IllegalStateException("The server snapshot could not be read back", e);
        }
        return keep(userId, staged, Optional.empty(), backup -> snapshot.describe(backup, SERVER_FILENAME),
                System.nanoTime()).backup();
    }

    private static void describe(Backup backup, UploadRequest request) {
        backup.clientId = Text.trimToNull(request.clientId());
        backup.label = Text.trimToNull(request.label());
        backup.manual = true;
    }

    /** Checks the staged upload in the SPEC's order and keeps it, or deletes it and refuses. */
    private Uploaded keep(UUID userId, StagedUpload staged, Optional<byte[]> expected, Consumer<Backup> describe,
            long started) {
        long receivedAt = System.nanoTime();
        boolean committed = false;
        try {
            if (expected.isPresent() && !MessageDigest.isEqual(expected.get(), staged.sha256())) {
                throw Checksums.mismatch();
            }
            String sha256 = Sha256.hex(staged.sha256());
            Optional<Backup> same = sameAsNewest(userId, sha256);
            if (same.isPresent()) {
                return new Uploaded(same.get(), true);
            }
            checkQuota(userId, staged.size());
            SnapshotInspector.Facts facts = inspector.inspect(staged.file());
            long inspectedAt = System.nanoTime();
            UUID id = UUID.randomUUID();
            String key = commit(staged, userId, id);
            committed = true;
            Backup backup = newBackup(userId, id, key, staged.size(), sha256, facts);
            describe.accept(backup);
            Uploaded uploaded = recordOrDrop(backup);
            Log.debugf("Upload of %d bytes: received, hashed and written in %d ms, inspected in %d ms, stored in %d ms",
                    staged.size(), (receivedAt - started) / 1_000_000, (inspectedAt - receivedAt) / 1_000_000,
                    (System.nanoTime() - inspectedAt) / 1_000_000);
            return uploaded;
        } finally {
            if (!committed) {
                LocalStaging.discard(staged.file());
            }
        }
    }

    private String commit(StagedUpload staged, UUID userId, UUID id) {
        try {
            return store.commit(staged.file(), userId, id);
        } catch (IOException e) {
            throw new IllegalStateException("The backup could not be written to the backup store", e);
        }
    }

    /** The row goes in last; if it cannot, or the bytes turned out to be a duplicate, the snapshot goes again. */
    private Uploaded recordOrDrop(Backup backup) {
        try {
            Uploaded uploaded = record(backup);
            if (uploaded.deduplicated()) {
                store.delete(backup.storageKey);
            }
            return uploaded;
        } catch (IOException | RuntimeException e) {
            try {
                store.delete(backup.storageKey);
            } catch (IOException ignored) {
                // a snapshot with no row is removed by the maintenance sweep
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }

    /** The user's newest backup if it holds exactly these bytes and is still intact. */
    @Transactional
    Optional<Backup> sameAsNewest(UUID userId, String sha256) {
        return repository.newest(userId).filter(b -> b.sha256.equals(sha256) && b.status == BackupStatus.verified);
    }

    @Transactional
    void checkQuota(UUID userId, long extraBytes) {
        OptionalLong quota = config.quota().bytes();
        if (quota.isPresent() && repository.storedBytes(userId) + extraBytes > quota.getAsLong()) {
            throw new ProblemException(ProblemType.QUOTA_EXCEEDED, "Storing " + extraBytes
                    + " more bytes would exceed the quota of " + quota.getAsLong()
                    + " bytes; delete or unpin older backups");
        }
    }

    /**
     * Inserts the row. Uploads of one user are serialised here, and dedup and quota are checked again under the
     * lock, so two concurrent uploads cannot both slip past them.
     */
    @Transactional
    Uploaded record(Backup backup) {
        repository.lockUser(backup.userId);
        Optional<Backup> same = sameAsNewest(backup.userId, backup.sha256);
        if (same.isPresent()) {
            return new Uploaded(same.get(), true);
        }
        checkQuota(backup.userId, backup.sizeBytes);
        repository.newestFrom(backup.userId, backup.clientId).ifPresent(backup::compareWith);
        repository.insert(backup);
        events.publish(backup.userId, "backup", BackupView.from(backup), backup.clientId);
        return new Uploaded(backup, false);
    }

    private static Backup newBackup(UUID userId, UUID id, String key, long size, String sha256,
            SnapshotInspector.Facts facts) {
        Backup backup = new Backup();
        backup.id = id;
        backup.userId = userId;
        backup.storageKey = key;
        backup.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        backup.filename = FILENAME.format(backup.createdAt);
        backup.sizeBytes = size;
        backup.sha256 = sha256;
        backup.source = BackupSource.upload;
        backup.status = BackupStatus.verified;
        backup.verifiedAt = backup.createdAt;
        backup.pageSize = facts.pageSize();
        backup.pageCount = facts.pageCount();
        backup.userVersion = facts.userVersion();
        backup.tableCount = facts.tableCount();
        backup.journalMode = facts.journalMode();
        return backup;
    }
}
