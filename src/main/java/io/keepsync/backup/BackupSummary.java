package io.keepsync.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How much a user has stored, and their newest backup. */
public record BackupSummary(long count, long totalBytes, Instant lastBackupAt, UUID lastBackupId, Long quotaBytes,
        @Schema(description = "The newest backup's warnings (`shrunk`)") List<String> lastBackupWarnings,
        @Schema(description = "How many backups carry the `shrunk` warning") long shrunkCount) {
}
