package io.keepsync.backup.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A backup's metadata as the API shows it. */
@Schema(example = """
        {"id": "3f2b…", "filename": "backup-2026-11-20T10-00-00Z.sqlite", "sizeBytes": 122880, "sha256": "9f86…",
         "createdAt": "2026-11-20T10:00:00.120Z", "clientId": "pixel-7-a1b2", "label": null, "pinned": false,
         "manual": true, "status": "verified", "deduplicated": false, "source": "upload", "recordCount": null,
         "cursor": null,
         "sqlite": {"pageSize": 4096, "pageCount": 30, "userVersion": 7, "tableCount": 12, "journalMode": "delete"},
         "warnings": [], "previous": null}""")
public record BackupView(UUID id, String filename, long sizeBytes, String sha256, Instant createdAt, String clientId,
        String label, boolean pinned, boolean manual,
        BackupStatus status,
        Instant verifiedAt,
        boolean deduplicated,
        @Schema(description = "`upload`: sent by a device or the console; `server`: the server's snapshot of the "
                + "synced records (Backup now, the schedule, a restore's undo)") BackupSource source,
        @Schema(description = "A server snapshot's number of records, tombstones included") Long recordCount,
        @Schema(description = "A server snapshot's pull cursor: pulling from it yields exactly the changes it lacks") String cursor,
        Sqlite sqlite,
        @Schema(description = "`shrunk`: fewer tables, or under half the pages, than the newest earlier backup of the "
                + "same device (for example the main file of a WAL database copied without a checkpoint)", enumeration = {
                        Backup.SHRUNK }) List<String> warnings,
        @Schema(description = "With `shrunk`: the backup it was compared with, as it was then") Previous previous){

    /** The earlier backup a shrunk snapshot was compared with. */
    public record Previous(UUID id, long pageCount, int tableCount) {
    }

    /** What the inspection found in the file. */
    public record Sqlite(int pageSize, long pageCount, int userVersion, int tableCount, String journalMode) {
    }

    /** Whether this is the server's snapshot of the synced records, which a restore can roll back to. */
    @JsonIgnore
    public boolean serverSnapshot() {
        return source == BackupSource.server;
    }

    public static BackupView from(Backup backup, boolean deduplicated) {
        return new BackupView(backup.id, backup.filename, backup.sizeBytes, backup.sha256, backup.createdAt,
                backup.clientId, backup.label, backup.pinned, backup.manual, backup.status, backup.verifiedAt,
                deduplicated, backup.source, backup.recordCount, backup.syncCursor,
                new Sqlite(backup.pageSize, backup.pageCount, backup.userVersion, backup.tableCount,
                        backup.journalMode),
                backup.warnings(),
                backup.shrunk() ? new Previous(backup.previousId, backup.previousPageCount, backup.previousTableCount)
                        : null);
    }

    public static BackupView from(Backup backup) {
        return from(backup, false);
    }
}
