package io.keepsync.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

/** The schedule: each job only delegates to its idempotent service under the job's cluster-wide lock. */
@ApplicationScoped
public class MaintenanceJobs {

    @Inject
    JobRunner runner;

    @Inject
    RetentionService retention;

    @Inject
    VerificationService verification;

    @Inject
    Sweeper sweeper;

    @Scheduled(identity = "retention", cron = "${keepsync.retention.cron:0 0 * * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        runner.run("retention", retention::apply);
    }

    @Scheduled(identity = "verification", cron = "${keepsync.verification.cron:0 */10 * * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void verification() {
        runner.run("verification", verification::verifyBatch);
    }

    @Scheduled(identity = "sweep", cron = "${keepsync.sweep.cron:0 30 * * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runner.run("sweep", sweeper::sweepAll);
    }
}
