package io.keepsync.backup.upload;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupSource;

/**
 * What the server knows of a snapshot it wrote of a user's synced records: how many records, the pull cursor of its
 * read, the receipt time of the last push it includes, when it was written, and how to file it.
 */
public record ServerSnapshot(long recordCount, String cursor, Instant syncedThrough, Instant serverTime, String label,
        boolean pinned, boolean manual) {

    /** The device retention counts server snapshots under. */
    public static final String CLIENT_ID = "server";

    void describe(Backup backup, DateTimeFormatter filenames) {
        backup.source = BackupSource.server;
        backup.createdAt = serverTime;
        backup.verifiedAt = serverTime;
        backup.filename = filenames.format(serverTime);
        backup.clientId = CLIENT_ID;
        backup.label = label;
        backup.pinned = pinned;
        backup.manual = manual;
        backup.recordCount = recordCount;
        backup.syncCursor = cursor;
        backup.syncedThrough = syncedThrough;
    }
}
