package io.keepsync.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.PathPart;

import io.keepsync.common.error.ProblemException;

/**
 * Builds the answer to a download: the file sent zero-copy, whole or one byte range, with its validators
 * ({@code ETag} = SHA-256, {@code Repr-Digest}) and a 304 when the client already has it.
 */
@ApplicationScoped
public class BackupDownloads {

    @Inject
    BackupStore store;

    @Inject
    BackupMetrics metrics;

    Response respond(Backup backup, String rangeHeader, String ifNoneMatch) {
        Path file = store.resolve(backup.storageKey);
        if (!Files.isRegularFile(file)) {
            throw new ProblemException(404, "backup-file-missing", "Backup file missing",
                    "The file of this backup is missing from the backup directory");
        }
        String etag = "\"" + backup.sha256 + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            return Response.notModified().header("ETag", etag).build();
        }
        long size = backup.sizeBytes;
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, size);
        Response.ResponseBuilder response = range
                .map(r -> Response.status(206).entity(new PathPart(file, r.start(), r.length()))
                        .header("Content-Range", r.contentRange(size)).header("Content-Length", r.length()))
                .orElseGet(() -> Response.ok(file).header("Content-Length", size));
        metrics.downloaded(range.map(ByteRange::length).orElse(size));
        return response.type(BackupResource.SQLITE)
                .header("Content-Disposition", "attachment; filename=\"" + backup.filename + "\"")
                .header("ETag", etag)
                .header("Repr-Digest", Checksums.reprDigest(backup.sha256))
                .header("Accept-Ranges", "bytes")
                .build();
    }

}
