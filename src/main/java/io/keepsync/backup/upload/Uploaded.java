package io.keepsync.backup.upload;

import io.keepsync.backup.Backup;

/** The outcome of an upload: the stored backup, or the newest one when it held the same bytes. */
public record Uploaded(Backup backup, boolean deduplicated) {
}
