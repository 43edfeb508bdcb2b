package io.keepsync.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.PathPart;

import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupMetrics;
import io.keepsync.backup.store.BackupStore;
import io.keepsync.backup.store.SnapshotBytes;
import io.keepsync.backup.upload.Checksums;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/**
 * Builds the answer to a download: the snapshot, whole or one byte range (a local file region is sent without
 * copying it through the heap), with its validators ({@code ETag} = SHA-256, {@code Repr-Digest}) and a 304 when
 * the client already has it.
 */
@ApplicationScoped
public class DownloadResponses {

    @Inject
    BackupStore store;

    @Inject
    BackupMetrics metrics;

    public Response respond(Backup backup, String rangeHeader, String ifRange, String ifNoneMatch) {
        if (!store.exists(backup.storageKey)) {
            throw missing();
        }
        String etag = "\"" + backup.sha256 + "\"";
        if (EntityTags.anyMatches(ifNoneMatch, etag)) {
            return Response.notModified().header("ETag", etag).build();
        }
        long size = backup.sizeBytes;
        // A range of another representation would stitch two files together: send the whole one instead.
        Optional<ByteRange> range = ifRange == null || EntityTags.strongMatch(ifRange, etag)
                ? ByteRange.parse(rangeHeader, size)
                : Optional.empty();
        Response.ResponseBuilder response = range
                .map(r -> Response.status(206).entity(entity(backup, r.start(), r.length()))
                        .header("Content-Range", r.contentRange(size)).header("Content-Length", r.length()))
                .orElseGet(() -> Response.ok(entity(backup, 0, size)).header("Content-Length", size));
        metrics.downloaded(range.map(ByteRange::length).orElse(size));
        return response.type(SqliteMedia.TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + backup.filename + "\"")
                .header("ETag", etag)
                .header("Repr-Digest", Checksums.reprDigest(backup.sha256))
                .header("Accept-Ranges", "bytes")
                .build();
    }

    /** What the server sends: a file region as it is, any other bytes copied from their stream. */
    private Object entity(Backup backup, long offset, long length) {
        SnapshotBytes bytes = read(backup, offset, length);
        if (bytes instanceof SnapshotBytes.FileRegion region) {
            return new PathPart(region.file(), region.offset(), region.length());
        }
        InputStream stream = ((SnapshotBytes.Stream) bytes).in();
        return (StreamingOutput) out -> {
            try (InputStream in = stream) {
                in.transferTo(out);
            }
        };
    }

    private static ProblemException missing() {
        return new ProblemException(ProblemType.BACKUP_FILE_MISSING,
                "The snapshot of this backup is missing from the backup store");
    }

    private SnapshotBytes read(Backup backup, long offset, long length) {
        try {
            return store.read(backup.storageKey, offset, length);
        } catch (NoSuchFileException e) {
            throw missing();
        } catch (IOException e) {
            throw new IllegalStateException("The snapshot of backup " + backup.id + " cannot be read", e);
        }
    }
}
