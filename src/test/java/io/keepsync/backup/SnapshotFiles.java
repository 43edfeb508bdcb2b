package io.keepsync.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.keepsync.EmbeddedPostgresResource;

/** Real SQLite snapshot files for tests of other features. */
public final class SnapshotFiles {

    private SnapshotFiles() {
    }

    /**
     * Every file under the backup directory's {@code tmp}, in any process's staging folder or the multipart folder:
     * uploads under way or left behind. The staging folders' lock files are not uploads.
     */
    public static List<Path> staged() throws IOException {
        try (Stream<Path> files = Files.walk(EmbeddedPostgresResource.backupDir().resolve("tmp"))) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals(".lock"))
                    .toList();
        }
    }

    /** A snapshot of {@code rows} rows of {@code payloadBytes} random bytes each. */
    public static Path create(int rows, int payloadBytes) throws Exception {
        return Snapshots.create(rows, 1, false, payloadBytes);
    }

    public static Path create(int rows) throws Exception {
        return Snapshots.create(rows, 1);
    }

    /** A copy of the snapshot with garbage over one b-tree page: a valid header, a failing integrity check. */
    public static Path corrupt(Path source) throws Exception {
        return Snapshots.corruptPage(source, 2);
    }
}
