package io.keepsync.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where snapshot bytes live. Uploads are written to a temporary file first and committed only when verified; a
 * commit is durable and atomic (all of the file or nothing). The filesystem is the one implementation today; an
 * object store can take its place behind this interface.
 */
public interface BackupStore {

    /** A new empty temporary file on the same volume as committed backups. */
    Path newTempFile() throws IOException;

    /** Makes the verified temporary file durable under a new key and returns the key. */
    String commit(Path tempFile, UUID userId, UUID backupId) throws IOException;

    /** The readable file behind a key. */
    Path resolve(String key);

    /** Removes the file behind a key; true if it existed. */
    boolean delete(String key) throws IOException;

    /** Removes every file of a user. */
    void deleteUser(UUID userId) throws IOException;
}
