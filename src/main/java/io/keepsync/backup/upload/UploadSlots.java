package io.keepsync.backup.upload;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/**
 * The uploads each user has in flight on this instance: at most {@code keepsync.backup.max-uploads-per-user}, so that
 * one account cannot hold the staging disk and the inspection slots with stalled or parallel uploads.
 */
@ApplicationScoped
class UploadSlots {

    /** Seconds a refused client is told to wait: about what one upload of a phone's database takes. */
    private static final String RETRY_AFTER_SECONDS = "10";

    private final Map<UUID, Integer> inFlight = new ConcurrentHashMap<>();

    @Inject
    BackupConfig config;

    /** Takes one of the user's slots, or refuses with 429; the returned action gives it back (once). */
    Runnable take(UUID userId) {
        int max = config.maxUploadsPerUser();
        boolean[] taken = { false };
        inFlight.compute(userId, (user, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            throw new ProblemException(ProblemType.TOO_MANY_UPLOADS, "At most " + max
                    + " uploads of one account may be in flight at once; retry when one has finished",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS), null);
        }
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                inFlight.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
            }
        };
    }

    /** Uploads in flight for the user on this instance. */
    int inFlight(UUID userId) {
        return inFlight.getOrDefault(userId, 0);
    }
}
