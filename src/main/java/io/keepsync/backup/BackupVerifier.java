package io.keepsync.backup;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.backup.catalog.BackupRepository;
import io.keepsync.backup.catalog.BackupStatus;
import io.keepsync.backup.store.BackupStore;
import io.keepsync.common.encoding.Sha256;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Re-hashes stored snapshots, least recently verified first, a bounded batch per call. A changed snapshot is marked
 * damaged, a vanished one missing; neither is deleted. One that matches again (restored from elsewhere) returns to
 * verified.
 */
@ApplicationScoped
public class BackupVerifier {

    @Inject
    BackupRepository repository;

    @Inject
    BackupStore store;

    @Inject
    MeterRegistry registry;

    /** The id, key and expected hash of one backup to check. */
    record Item(UUID id, String storageKey, String sha256, BackupStatus status) {
    }

    /** Verifies the next batch; returns how many backups were checked. */
    public int verifyBatch(int size) {
        List<Item> batch = nextBatch(size);
        for (Item item : batch) {
            record(item, check(item));
        }
        return batch.size();
    }

    @Transactional
    List<Item> nextBatch(int size) {
        return repository.leastRecentlyVerified(size).stream()
                .map(b -> new Item(b.id, b.storageKey, b.sha256, b.status)).toList();
    }

    private BackupStatus check(Item item) {
        try {
            return Sha256.hex(store.open(item.storageKey())).equals(item.sha256()) ? BackupStatus.verified
                    : BackupStatus.damaged;
        } catch (NoSuchFileException e) {
            return BackupStatus.missing;
        } catch (IOException e) {
            return BackupStatus.damaged;
        }
    }

    @Transactional
    void record(Item item, BackupStatus result) {
        repository.byId(item.id()).ifPresent(backup -> {
            backup.status = result;
            backup.verifiedAt = Instant.now();
        });
        registry.counter("keepsync.verification.checked", "result", result.name()).increment();
        if (result != BackupStatus.verified) {
            Log.warnf("Backup %s is %s: its stored snapshot %s", item.id(), result,
                    result == BackupStatus.missing ? "is gone" : "no longer matches its SHA-256");
        } else if (item.status() != BackupStatus.verified) {
            Log.infof("Backup %s verifies again", item.id());
        }
    }
}
