package io.keepsync.backup.upload;

import io.keepsync.backup.catalog.Backup;

/**
 * The outcome of an upload: the stored backup, or the newest one when it held the same bytes; and the file name a
 * multipart upload was sent under (null for a raw body).
 */
public record Uploaded(Backup backup, boolean deduplicated, String fileName) {

    Uploaded(Backup backup, boolean deduplicated) {
        this(backup, deduplicated, null);
    }

    Uploaded named(String name) {
        return new Uploaded(backup, deduplicated, name);
    }
}
