package io.keepsync.maintenance;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Runs one maintenance job under its advisory lock: skips when another replica holds it, logs a failure once
 * (the next scheduled run retries), and counts runs, items, failures and duration per job.
 */
@ApplicationScoped
public class JobRunner {

    /** How a run ended. */
    public enum Outcome {
        COMPLETED,
        SKIPPED,
        FAILED
    }

    @Inject
    JobLock lock;

    @Inject
    MeterRegistry registry;

    /** Runs the work, which returns how many items it handled. */
    public Outcome run(String job, Callable<Integer> work) {
        long start = System.nanoTime();
        Optional<JobLock.Held> held;
        try {
            held = lock.tryLock(job);
        } catch (RuntimeException e) {
            return failed(job, start, e);
        }
        if (held.isEmpty()) {
            Log.debugf("Job %s skipped: another runner holds its lock", job);
            registry.counter("keepsync.jobs.runs", "job", job, "outcome", "skipped").increment();
            return Outcome.SKIPPED;
        }
        try (JobLock.Held ignored = held.get()) {
            int items = work.call();
            registry.counter("keepsync.jobs.items", "job", job).increment(items);
            registry.counter("keepsync.jobs.runs", "job", job, "outcome", "completed").increment();
            registry.timer("keepsync.jobs.duration", "job", job).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            Log.debugf("Job %s handled %d item(s)", job, items);
            return Outcome.COMPLETED;
        } catch (Exception e) {
            return failed(job, start, e);
        }
    }

    private Outcome failed(String job, long start, Exception e) {
        Log.errorf(e, "Job %s failed; it runs again at its next scheduled time", job);
        registry.counter("keepsync.jobs.runs", "job", job, "outcome", "failed").increment();
        registry.counter("keepsync.jobs.failures", "job", job).increment();
        registry.timer("keepsync.jobs.duration", "job", job).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return Outcome.FAILED;
    }
}
