package io.keepsync.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.BackupVerifier;
import io.keepsync.snapshots.ServerSnapshots;
import io.quarkus.scheduler.Scheduled;

/**
 * The schedule: each job only delegates to idempotent feature methods under the job's cluster-wide lock. The crons
 * are the config mappings' keys, whose defaults the mappings hold.
 */
@ApplicationScoped
public class MaintenanceJobs {

    @Inject
    JobRunner runner;

    @Inject
    RetentionService retention;

    @Inject
    BackupVerifier verifier;

    @Inject
    VerificationConfig verification;

    @Inject
    Sweeper sweeper;

    @Inject
    ServerSnapshots serverSnapshots;

    @Scheduled(identity = "retention", cron = "${keepsync.retention.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        runner.run("retention", retention::apply);
    }

    @Scheduled(identity = "verification", cron = "${keepsync.verification.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void verification() {
        runner.run("verification", () -> verifier.verifyBatch(verification.batchSize()));
    }

    @Scheduled(identity = "server-snapshots", cron = "${keepsync.backup.server-snapshots.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void serverSnapshots() {
        runner.run("server-snapshots", serverSnapshots::snapshotUsersWhoPushed);
    }

    @Scheduled(identity = "sweep", cron = "${keepsync.sweep.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runner.run("sweep", sweeper::sweepAll);
    }
}
