package io.keepsync.backup;

import java.time.Instant;
import java.util.UUID;

import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupStatus;

/** What a retention rule needs to know about one backup. */
public record RetentionCandidate(UUID id, Instant createdAt, boolean pinned, boolean intact, String clientId,
        boolean shrunk) {

    static RetentionCandidate from(Backup backup) {
        return new RetentionCandidate(backup.id, backup.createdAt, backup.pinned, backup.status == BackupStatus.verified,
                backup.clientId, backup.shrunk());
    }
}
