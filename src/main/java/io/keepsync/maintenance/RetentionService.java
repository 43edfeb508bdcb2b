package io.keepsync.maintenance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.keepsync.backup.Backup;
import io.keepsync.backup.BackupCatalog;
import io.keepsync.backup.BackupStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/** Applies the {@link RetentionPolicy} to every user's backups: rows first, then their files. Idempotent. */
@ApplicationScoped
public class RetentionService {

    @Inject
    MaintenanceConfig config;

    @Inject
    EntityManager em;

    @Inject
    BackupStore store;

    @Inject
    BackupCatalog catalog;

    @Inject
    MeterRegistry registry;

    /** Prunes every user's backups; returns how many were deleted. */
    public int apply() {
        int deleted = 0;
        for (UUID userId : usersWithBackups()) {
            deleted += applyTo(userId);
        }
        return deleted;
    }

    public int applyTo(UUID userId) {
        List<String> keys = pruneRows(userId);
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (IOException e) {
                Log.warnf(e, "Could not delete pruned backup file %s; the orphan sweep will remove it", key);
            }
        }
        if (!keys.isEmpty()) {
            registry.counter("keepsync.retention.deleted").increment(keys.size());
            Log.infof("Retention deleted %d backup(s) of user %s", keys.size(), userId);
        }
        return keys.size();
    }

    @Transactional
    List<UUID> usersWithBackups() {
        return em.createQuery("select distinct b.userId from Backup b", UUID.class).getResultList();
    }

    /** Deletes the rows the policy does not keep, under the same per-user lock as uploads; returns their files. */
    @Transactional
    List<String> pruneRows(UUID userId) {
        catalog.lockUser(userId);
        List<Backup> backups = Backup.listOf(userId);
        Set<UUID> keep = policy().keep(backups.stream()
                .map(b -> new RetentionPolicy.Candidate(b.id, b.createdAt, b.pinned, Backup.VERIFIED.equals(b.status)))
                .toList());
        List<String> keys = new ArrayList<>();
        for (Backup backup : backups) {
            if (!keep.contains(backup.id)) {
                keys.add(backup.storageKey);
                backup.delete();
            }
        }
        return keys;
    }

    RetentionPolicy policy() {
        MaintenanceConfig.Retention rules = config.retention();
        return new RetentionPolicy(rules.keepLast(), rules.keepDaily(), rules.keepWeekly(), rules.keepMonthly());
    }
}
