package io.keepsync.backup.catalog;

/** Where a backup came from: a device's upload, or the server's snapshot of the user's synced records. */
public enum BackupSource {
    upload,
    server
}
