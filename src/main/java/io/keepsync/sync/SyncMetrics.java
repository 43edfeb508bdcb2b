package io.keepsync.sync;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.sync.push.PushResult;
import io.micrometer.core.instrument.MeterRegistry;

/** Sync counters for {@code /q/metrics}: pushes, changes by outcome, pulls, changes served. */
@ApplicationScoped
public class SyncMetrics {

    @Inject
    MeterRegistry registry;

    public void pushed(List<PushResult> results) {
        registry.counter("keepsync.sync.pushes").increment();
        for (PushResult.Status status : PushResult.Status.values()) {
            long count = results.stream().filter(r -> r.status() == status).count();
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
