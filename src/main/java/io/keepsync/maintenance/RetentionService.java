package io.keepsync.maintenance;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.Backups;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/** Applies the configured {@link RetentionPolicy} to every user's backups. Idempotent. */
@ApplicationScoped
public class RetentionService {

    @Inject
    RetentionConfig config;

    @Inject
    Backups backups;

    @Inject
    MeterRegistry registry;

    /** Prunes every user's backups; returns how many were deleted. */
    public int apply() {
        int deleted = 0;
        for (UUID userId : backups.usersWithBackups()) {
            deleted += applyTo(userId);
        }
        return deleted;
    }

    public int applyTo(UUID userId) {
        int deleted = backups.prune(userId, policy()::keep);
        if (deleted > 0) {
            registry.counter("keepsync.retention.deleted").increment(deleted);
            Log.infof("Retention deleted %d backup(s) of user %s", deleted, userId);
        }
        return deleted;
    }

    RetentionPolicy policy() {
        return new RetentionPolicy(config.keepLast(), config.keepDaily(), config.keepWeekly(), config.keepMonthly());
    }
}
