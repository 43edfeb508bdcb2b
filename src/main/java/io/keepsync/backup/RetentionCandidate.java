package io.keepsync.backup;

import java.time.Instant;
import java.util.UUID;

/** What a retention rule needs to know about one backup. */
public record RetentionCandidate(UUID id, Instant createdAt, boolean pinned, boolean intact, String clientId,
        boolean shrunk) {

    static RetentionCandidate from(Backup backup) {
        return new RetentionCandidate(backup.id, backup.createdAt, backup.pinned, Backup.VERIFIED.equals(backup.status),
                backup.clientId, backup.shrunk());
    }
}
