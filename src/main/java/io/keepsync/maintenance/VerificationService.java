package io.keepsync.maintenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.backup.Backup;
import io.keepsync.backup.BackupStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Re-hashes stored backups on a rolling schedule, least recently verified first, a bounded batch per run. A
 * changed file is marked damaged, a vanished one missing; neither is deleted. A file that matches again (restored
 * from elsewhere) returns to verified.
 */
@ApplicationScoped
public class VerificationService {

    @Inject
    MaintenanceConfig config;

    @Inject
    BackupStore store;

    @Inject
    MeterRegistry registry;

    /** The id, file and expected hash of one backup to check. */
    record Item(UUID id, String storageKey, String sha256, String status) {
    }

    /** Verifies the next batch; returns how many backups were checked. */
    public int verifyBatch() {
        List<Item> batch = nextBatch(config.verification().batchSize());
        for (Item item : batch) {
            String result = check(item);
            record(item, result);
        }
        return batch.size();
    }

    @Transactional
    List<Item> nextBatch(int size) {
        return Backup.<Backup> find("order by verifiedAt asc, id asc").page(0, size).list().stream()
                .map(b -> new Item(b.id, b.storageKey, b.sha256, b.status)).toList();
    }

    String check(Item item) {
        Path file = store.resolve(item.storageKey());
        if (!Files.isRegularFile(file)) {
            return Backup.MISSING;
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).equals(item.sha256()) ? Backup.VERIFIED : Backup.DAMAGED;
        } catch (IOException e) {
            return Files.exists(file) ? Backup.DAMAGED : Backup.MISSING;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    void record(Item item, String result) {
        Backup.<Backup> findByIdOptional(item.id()).ifPresent(backup -> {
            backup.status = result;
            backup.verifiedAt = Instant.now();
        });
        registry.counter("keepsync.verification.checked", "result", result).increment();
        if (!Backup.VERIFIED.equals(result)) {
            Log.warnf("Backup %s is %s: its stored file %s", item.id(), result,
                    Backup.MISSING.equals(result) ? "is gone" : "no longer matches its SHA-256");
        } else if (!Backup.VERIFIED.equals(item.status())) {
            Log.infof("Backup %s verifies again", item.id());
        }
    }
}
