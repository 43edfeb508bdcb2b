package io.keepsync.backup;

/**
 * A change to a backup's label and pin, as a client asked for it: {@code setsLabel} with {@code label} (null clears
 * it), and {@code pinned} unless null.
 */
public record BackupPatch(boolean setsLabel, String label, Boolean pinned) {

    public static BackupPatch label(String label) {
        return new BackupPatch(true, label, null);
    }

    public static BackupPatch pin(boolean pinned) {
        return new BackupPatch(false, null, pinned);
    }
}
