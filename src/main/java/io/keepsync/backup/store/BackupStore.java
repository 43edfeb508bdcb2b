package io.keepsync.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where snapshot bytes live, and the only way to reach them. An upload is staged in {@link LocalStaging} and
 * committed only once verified; a commit is durable and atomic (all of the snapshot or nothing). Everything after
 * that goes by key: streams, byte ranges, deletion and listing, so that a filesystem and an object store are
 * interchangeable behind it.
 */
public interface BackupStore {

    /** Where every store keeps users' snapshots, under its root or prefix. */
    String USERS = "users";

    /** The key of a snapshot, the same in every store, so that snapshots can move from one store to another. */
    static String key(UUID userId, UUID backupId) {
        return USERS + "/" + userId + "/" + backupId + ".sqlite";
    }

    /** A stored snapshot as the orphan sweep sees it. */
    record StoredObject(String key, UUID userId, Instant modifiedAt) {
    }

    /** Whether the store can take snapshots now, and if not, what the operator should fix. */
    record Health(boolean up, String location, String problem) {
    }

    /** Makes the verified file staged in {@link LocalStaging} durable under a new key, consuming it; returns the key. */
    String commit(Path stagedFile, UUID userId, UUID backupId) throws IOException;

    /** Whether a snapshot is stored under the key. */
    boolean exists(String key);

    /** The whole snapshot. */
    InputStream open(String key) throws IOException;

    /**
     * {@code length} bytes of the snapshot from {@code offset}, in the cheapest form to send.
     *
     * @throws java.nio.file.NoSuchFileException when nothing is stored under the key
     */
    SnapshotBytes read(String key, long offset, long length) throws IOException;

    /** Removes the snapshot behind a key; true if it existed. */
    boolean delete(String key) throws IOException;

    /** Removes every snapshot of a user. */
    void deleteUser(UUID userId) throws IOException;

    /** Every stored snapshot. */
    List<StoredObject> list() throws IOException;

    /** Checks cheaply that snapshots can be written. */
    Health probe();
}
