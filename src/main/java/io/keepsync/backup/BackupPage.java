package io.keepsync.backup;

import java.util.List;

import io.keepsync.backup.catalog.BackupView;

/** A page of backups, newest first; pass {@code nextCursor} as {@code before} for the next one. */
public record BackupPage(List<BackupView> items, String nextCursor) {
}
