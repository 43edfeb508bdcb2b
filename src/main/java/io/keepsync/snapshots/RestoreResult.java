package io.keepsync.snapshots;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a restore changed, or with {@code dryRun} would change. */
@Schema(example = """
        {"restored": 12, "deleted": 3, "unchanged": 480, "cursor": "a3MxOjE6NTEy", "undoBackupId": "7c1e…"}""")
public record RestoreResult(
        @Schema(description = "Records given the snapshot's data again (changed, deleted or missing since)") long restored,
        @Schema(description = "Records deleted because the snapshot did not have them, or had them deleted") long deleted,
        @Schema(description = "Records already as in the snapshot, left alone") long unchanged,
        @Schema(description = "The pull cursor after the restore; devices pulling past it have the restored state") String cursor,
        @Schema(description = "The pinned server snapshot of the state before the restore (restore it to undo); "
                + "null for a dry run") UUID undoBackupId) {

    long changed() {
        return restored + deleted;
    }
}
