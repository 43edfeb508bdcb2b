package io.keepsync.console;

import java.time.Instant;
import java.util.List;

import io.keepsync.backup.BackupSummary;
import io.keepsync.backup.BackupView;
import io.keepsync.backup.Backups;

/** The "Last backup" card and the count badge, rendered together by the {@code backups$summary} fragment. */
public record LastBackup(long count, String totalSize, String id, String createdAt, String ago, String size,
        String device, String status, List<String> warnings, long shrunkCount) {

    static LastBackup of(Backups.Overview overview, Instant now) {
        BackupSummary summary = overview.summary();
        BackupView newest = overview.newest();
        if (newest == null) {
            return new LastBackup(summary.count(), Formats.size(summary.totalBytes()), null, null, "never", null, null,
                    null, List.of(), summary.shrunkCount());
        }
        return new LastBackup(summary.count(), Formats.size(summary.totalBytes()), newest.id().toString(),
                BackupRow.instant(newest.createdAt()), Formats.ago(newest.createdAt(), now),
                Formats.size(newest.sizeBytes()), newest.clientId(), newest.status(), newest.warnings(),
                summary.shrunkCount());
    }
}
