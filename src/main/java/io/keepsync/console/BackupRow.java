package io.keepsync.console;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.keepsync.backup.BackupView;

/** One backup as a table row shows it; the row's HTML is the {@code backups$row} fragment. */
public record BackupRow(UUID id, String createdAt, String created, String device, String size, String status,
        boolean verified, boolean pinned, String label, List<String> warnings, String filename) {

    static BackupRow from(BackupView backup) {
        return new BackupRow(backup.id(), instant(backup.createdAt()), Formats.dateTime(backup.createdAt()),
                backup.clientId(), Formats.size(backup.sizeBytes()), backup.status(), "verified".equals(backup.status()),
                backup.pinned(), backup.label(), backup.warnings(), backup.filename());
    }

    static String instant(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
