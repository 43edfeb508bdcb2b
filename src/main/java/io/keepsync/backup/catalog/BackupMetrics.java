package io.keepsync.backup.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;

/** Backup counters for {@code /q/metrics}: uploads by outcome, shrunk snapshots, bytes stored, downloads. */
@ApplicationScoped
public class BackupMetrics {

    @Inject
    MeterRegistry registry;

    public void uploaded(String outcome, long bytes) {
        registry.counter("keepsync.backup.uploads", "outcome", outcome).increment();
        if (bytes > 0 && "stored".equals(outcome)) {
            registry.counter("keepsync.backup.bytes.stored").increment(bytes);
        }
    }

    /** A snapshot stored with the shrunk warning. */
    public void shrunk() {
        registry.counter("keepsync.backup.uploads.shrunk").increment();
    }

    public void downloaded(long bytes) {
        registry.counter("keepsync.backup.downloads").increment();
        registry.counter("keepsync.backup.bytes.served").increment(bytes);
    }
}
