package io.keepsync.backup.catalog;

/** What the last check of a backup's snapshot found; the API and the database use these names. */
public enum BackupStatus {
    /** The snapshot is there and matches its SHA-256. */
    verified,
    /** The snapshot is there and no longer matches. */
    damaged,
    /** The snapshot is gone from the store. */
    missing;

    /** Whether the snapshot can be trusted: what a page marks green. */
    public boolean ok() {
        return this == verified;
    }
}
