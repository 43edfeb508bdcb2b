package io.keepsync.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.keepsync.backup.FileSystemBackupStore;
import io.keepsync.sync.SyncConfig;
import io.quarkus.logging.Log;

/**
 * Removes what nobody needs any more: stale temporary uploads, old idempotency records, tombstones past their
 * retention (moving each user's must-refetch horizon), and backup files that have no row.
 */
@ApplicationScoped
public class Sweeper {

    @Inject
    MaintenanceConfig config;

    @Inject
    SyncConfig syncConfig;

    @Inject
    FileSystemBackupStore store;

    @Inject
    EntityManager em;

    /** Runs every sweep; returns how many items were removed. */
    public int sweepAll() throws IOException {
        return sweepTempFiles() + sweepMutations() + pruneTombstones() + sweepOrphanFiles();
    }

    public int sweepTempFiles() throws IOException {
        Instant cutoff = Instant.now().minus(config.sweep().tempFileAge());
        int removed = 0;
        try (Stream<Path> files = Files.walk(store.tempDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (olderThan(file, cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    @Transactional
    public int sweepMutations() {
        return em.createNativeQuery("DELETE FROM sync_mutations WHERE created_at < ?1")
                .setParameter(1, Instant.now().minus(config.sweep().mutationRetention()))
                .executeUpdate();
    }

    /** Deletes old tombstones; each user's horizon moves past the newest one removed, in the same transaction. */
    @Transactional
    public int pruneTombstones() {
        Number pruned = (Number) em.createNativeQuery("""
                WITH pruned AS (
                  DELETE FROM sync_records WHERE deleted AND received_at < ?1
                  RETURNING user_id, version, received_at),
                per_user AS (
                  SELECT user_id, max(version) AS version, max(received_at) AS received_at, count(*) AS n
                  FROM pruned GROUP BY user_id),
                moved AS (
                  UPDATE sync_state s SET horizon = GREATEST(s.horizon, p.version),
                         horizon_at = GREATEST(coalesce(s.horizon_at, p.received_at), p.received_at)
                  FROM per_user p WHERE s.user_id = p.user_id RETURNING p.n)
                SELECT coalesce(sum(n), 0) FROM moved""")
                .setParameter(1, Instant.now().minus(syncConfig.tombstoneRetention()))
                .getSingleResult();
        return pruned.intValue();
    }

    /** Backup files without a row, older than the temp-file age so that an upload being recorded is left alone. */
    public int sweepOrphanFiles() throws IOException {
        Instant cutoff = Instant.now().minus(config.sweep().tempFileAge());
        int removed = 0;
        try (Stream<Path> userDirs = Files.list(store.usersDir())) {
            for (Path dir : userDirs.filter(Files::isDirectory).toList()) {
                removed += sweepUserDir(dir, cutoff);
            }
        }
        return removed;
    }

    private int sweepUserDir(Path dir, Instant cutoff) throws IOException {
        UUID userId;
        try {
            userId = UUID.fromString(dir.getFileName().toString());
        } catch (IllegalArgumentException e) {
            return 0;
        }
        Set<String> known = new HashSet<>(storageKeysOf(userId));
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = store.root().relativize(file).toString().replace('\\', '/');
                if (!known.contains(key) && olderThan(file, cutoff) && Files.deleteIfExists(file)) {
                    Log.infof("Removed backup file %s, which has no row", key);
                    removed++;
                }
            }
        }
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        }
        return removed;
    }

    @Transactional
    List<String> storageKeysOf(UUID userId) {
        return em.createQuery("select b.storageKey from Backup b where b.userId = ?1", String.class)
                .setParameter(1, userId).getResultList();
    }

    private static boolean olderThan(Path file, Instant cutoff) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    }
}
