package io.keepsync.backup;

import java.time.Instant;
import java.util.UUID;

/** How much a user has stored, and their newest backup. */
public record BackupSummary(long count, long totalBytes, Instant lastBackupAt, UUID lastBackupId, Long quotaBytes) {
}
