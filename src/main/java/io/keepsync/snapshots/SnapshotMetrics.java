package io.keepsync.snapshots;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Server snapshot and restore counters for {@code /q/metrics}: snapshots by trigger and outcome with the records
 * they hold, restores by outcome with the records they changed, and how long each took.
 */
@ApplicationScoped
public class SnapshotMetrics {

    @Inject
    MeterRegistry registry;

    void snapshot(ServerSnapshots.Trigger trigger, String outcome, long records, long nanos) {
        registry.counter("keepsync.snapshots", "trigger", trigger.name(), "outcome", outcome).increment();
        if (records > 0) {
            registry.counter("keepsync.snapshots.records").increment(records);
        }
        registry.timer("keepsync.snapshots.duration", "trigger", trigger.name()).record(nanos, TimeUnit.NANOSECONDS);
    }

    void restore(String outcome, RestoreResult result, long nanos) {
        registry.counter("keepsync.restores", "outcome", outcome).increment();
        if (result != null) {
            registry.counter("keepsync.restores.records", "change", "restored").increment(result.restored());
            registry.counter("keepsync.restores.records", "change", "deleted").increment(result.deleted());
        }
        registry.timer("keepsync.restores.duration", "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
}
