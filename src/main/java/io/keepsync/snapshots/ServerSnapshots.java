package io.keepsync.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.store.LocalStaging;
import io.keepsync.backup.upload.BackupUploads;
import io.keepsync.backup.upload.ServerSnapshot;
import io.keepsync.common.error.ProblemException;
import io.quarkus.logging.Log;

/**
 * Server snapshots of a user's synced records: "Backup now", the schedule, and the state a restore replaces. The
 * records are written to a staged SQLite file as of one read, then stored exactly like an upload.
 */
@ApplicationScoped
public class ServerSnapshots {

    /** Why a snapshot is taken: it decides the backup's {@code manual} flag, its pin and label, and the metric. */
    public enum Trigger {
        manual,
        scheduled,
        undo
    }

    @Inject
    SnapshotExport export;

    @Inject
    LocalStaging staging;

    @Inject
    BackupUploads uploads;

    @Inject
    ScheduleRepository schedule;

    @Inject
    SnapshotMetrics metrics;

    /** Takes a server snapshot of the user's records now; inside a caller's transaction, as of that transaction. */
    public Backup take(UUID userId, Trigger trigger, String label) {
        long started = System.nanoTime();
        Path file = newFile();
        try {
            SnapshotExport.Exported exported = export.write(userId, file);
            Backup backup = uploads.storeServerSnapshot(userId, file, new ServerSnapshot(exported.recordCount(),
                    exported.cursor(), exported.syncedThrough(), exported.serverTime(), label,
                    trigger == Trigger.undo, trigger != Trigger.scheduled));
            metrics.snapshot(trigger, "stored", exported.recordCount(), System.nanoTime() - started);
            return backup;
        } catch (ProblemException e) {
            metrics.snapshot(trigger, "rejected-" + e.status(), 0, System.nanoTime() - started);
            throw e;
        } finally {
            LocalStaging.discard(file);
        }
    }

    /**
     * The schedule's run: one snapshot of each user who pushed since their last server snapshot. A user whose
     * snapshot fails (over quota, say) is logged and skipped; the others still get theirs. Returns how many were taken.
     */
    public int snapshotUsersWhoPushed() {
        List<UUID> users = schedule.pushedSinceLastServerSnapshot();
        int taken = 0;
        for (UUID user : users) {
            try {
                take(user, Trigger.scheduled, null);
                taken++;
            } catch (ProblemException e) {
                Log.warnf("The scheduled server snapshot of user %s was refused: %s", user, e.getMessage());
            } catch (RuntimeException e) {
                Log.errorf(e, "The scheduled server snapshot of user %s failed; the next run tries again", user);
            }
        }
        return taken;
    }

    private Path newFile() {
        try {
            return staging.newFile();
        } catch (IOException e) {
            throw new IllegalStateException("No staging file for a server snapshot", e);
        }
    }
}
