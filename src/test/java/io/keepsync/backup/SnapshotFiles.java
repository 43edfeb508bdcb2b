package io.keepsync.backup;

import java.nio.file.Path;

/** Real SQLite snapshot files for tests of other features. */
public final class SnapshotFiles {

    private SnapshotFiles() {
    }

    public static Path create(int rows) throws Exception {
        return Snapshots.create(rows, 1);
    }
}
