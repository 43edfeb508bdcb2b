package io.keepsync.backup;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.backup.catalog.BackupRepository;
import io.keepsync.backup.store.BackupStore;
import io.keepsync.backup.store.BackupStore.StoredObject;
import io.keepsync.backup.store.LocalStaging;
import io.quarkus.logging.Log;

/** What the maintenance sweep asks of backups: remove staged uploads a crash left, and snapshots with no row. */
@ApplicationScoped
public class BackupHousekeeping {

    @Inject
    BackupStore store;

    @Inject
    LocalStaging staging;

    @Inject
    BackupRepository repository;

    /** Removes staged uploads older than the given age; returns how many. */
    public int removeTempFilesOlderThan(Duration age) throws IOException {
        return staging.removeFilesBefore(Instant.now().minus(age));
    }

    /**
     * Removes snapshots without a row that are older than the given age, so that an upload being recorded is left
     * alone. Returns how many.
     */
    public int removeOrphansOlderThan(Duration age) throws IOException {
        Instant cutoff = Instant.now().minus(age);
        Map<UUID, Set<String>> known = new HashMap<>();
        int removed = 0;
        for (StoredObject object : store.list()) {
            Set<String> keys = known.computeIfAbsent(object.userId(), this::storageKeysOf);
            if (!keys.contains(object.key()) && object.modifiedAt().isBefore(cutoff) && store.delete(object.key())) {
                Log.infof("Removed snapshot %s, which has no row", object.key());
                removed++;
            }
        }
        return removed;
    }

    @Transactional
    Set<String> storageKeysOf(UUID userId) {
        return new HashSet<>(repository.storageKeysOf(userId));
    }
}
