package io.keepsync.sync;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;

/** Sync counters for {@code /q/metrics}: pushes, changes by outcome, pulls, changes served. */
@ApplicationScoped
public class SyncMetrics {

    @Inject
    MeterRegistry registry;

    /** One push, with the outcome of each of its changes. */
    public void pushed(List<ChangeStatus> outcomes) {
        registry.counter("keepsync.sync.pushes").increment();
        for (ChangeStatus status : ChangeStatus.values()) {
            long count = outcomes.stream().filter(outcome -> outcome == status).count();
            if (count > 0) {
                registry.counter("keepsync.sync.changes", "status", status.name()).increment(count);
            }
        }
    }

    public void pulled(int served) {
        registry.counter("keepsync.sync.pulls").increment();
        registry.counter("keepsync.sync.changes.served").increment(served);
    }
}
