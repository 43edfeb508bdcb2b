package io.keepsync.backup;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;

/**
 * Accepts a snapshot: stage it, check it in the SPEC's order (size, checksum, quota, header, integrity), then make
 * the file durable and record it. Every refusal leaves neither a row nor a file.
 */
@ApplicationScoped
public class BackupService {

    @Inject
    BackupConfig config;

    @Inject
    UploadReceiver receiver;

    @Inject
    SnapshotInspector inspector;

    @Inject
    BackupStore store;

    @Inject
    BackupCatalog catalog;

    @Inject
    BackupMetrics metrics;

    /** The stored (or deduplicated) backup. */
    public record Uploaded(Backup backup, boolean deduplicated) {
    }

    /** A raw upload, streamed from the HTTP request; the checks and storing run on a worker thread. */
    public Uni<Uploaded> upload(UUID userId, HttpServerRequest http, UploadRequest request) {
        Optional<byte[]> expected;
        try {
            expected = checkBeforeReading(request);
        } catch (ProblemException e) {
            metrics.uploaded("rejected-" + e.status(), 0);
            return Uni.createFrom().failure(e);
        }
        long started = System.nanoTime();
        return receiver.receive(http, config.maxSize())
                .onFailure(ProblemException.class)
                .invoke(e -> metrics.uploaded("rejected-" + ((ProblemException) e).status(), 0))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(received -> counted(() -> store(userId, received, expected, request, started)));
    }

    /** An upload whose bytes arrive as a stream (a multipart part already on disk). */
    public Uploaded upload(UUID userId, InputStream body, UploadRequest request) {
        return counted(() -> {
            Optional<byte[]> expected = checkBeforeReading(request);
            long started = System.nanoTime();
            return store(userId, receiver.receive(body, config.maxSize()), expected, request, started);
        });
    }

    private Uploaded counted(java.util.function.Supplier<Uploaded> upload) {
        try {
            Uploaded uploaded = upload.get();
            metrics.uploaded(uploaded.deduplicated() ? "deduplicated" : "stored", uploaded.backup().sizeBytes);
            return uploaded;
        } catch (ProblemException e) {
            metrics.uploaded("rejected-" + e.status(), 0);
            throw e;
        }
    }

    private Optional<byte[]> checkBeforeReading(UploadRequest request) {
        checkMetadata(request);
        if (request.declaredLength().isPresent() && request.declaredLength().getAsLong() > config.maxSize()) {
            throw UploadReceiver.tooLarge(config.maxSize());
        }
        return Checksums.expected(request.contentDigest(), request.sha256Header());
    }

    /** Checks the staged upload in the SPEC's order and keeps it, or deletes it and refuses. */
    private Uploaded store(UUID userId, UploadReceiver.Received received, Optional<byte[]> expected,
            UploadRequest request, long started) {
        long receivedAt = System.nanoTime();
        boolean kept = false;
        try {
            if (expected.isPresent() && !MessageDigest.isEqual(expected.get(), received.sha256())) {
                throw Checksums.mismatch();
            }
            String sha256 = Checksums.hex(received.sha256());
            Optional<Backup> same = catalog.sameAsNewest(userId, sha256);
            if (same.isPresent()) {
                return new Uploaded(same.get(), true);
            }
            catalog.checkQuota(userId, received.size());
            SnapshotInspector.Facts facts = inspector.inspect(received.file());
            long inspectedAt = System.nanoTime();
            UUID id = UUID.randomUUID();
            String key = commit(received, userId, id);
            kept = true;
            Uploaded uploaded = record(userId, id, key, received.size(), sha256, facts, request);
            Log.debugf("Upload of %d bytes: received, hashed and written in %d ms, inspected in %d ms, stored in %d ms",
                    received.size(), (receivedAt - started) / 1_000_000, (inspectedAt - receivedAt) / 1_000_000,
                    (System.nanoTime() - inspectedAt) / 1_000_000);
            return uploaded;
        } finally {
            if (!kept) {
                UploadReceiver.deleteQuietly(received.file());
            }
        }
    }

    private String commit(UploadReceiver.Received received, UUID userId, UUID id) {
        try {
            return store.commit(received.file(), userId, id);
        } catch (IOException e) {
            throw new IllegalStateException("The backup could not be written to the backup directory", e);
        }
    }

    /** The row goes in last; if it cannot, the committed file is removed again. */
    private Uploaded record(UUID userId, UUID id, String key, long size, String sha256, SnapshotInspector.Facts facts,
            UploadRequest request) {
        try {
            Uploaded uploaded = catalog.insert(userId, id, key, size, sha256, facts, request);
            if (uploaded.deduplicated()) {
                store.delete(key);
            }
            return uploaded;
        } catch (IOException | RuntimeException e) {
            try {
                store.delete(key);
            } catch (IOException ignored) {
                // a file with no row is removed by the maintenance sweep
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }

    private static void checkMetadata(UploadRequest request) {
        if (request.label() != null && request.label().length() > 200) {
            throw ProblemException.invalid("label", "must be at most 200 characters");
        }
        if (request.clientId() != null && request.clientId().length() > 255) {
            throw ProblemException.invalid("clientId", "must be at most 255 characters");
        }
    }
}
