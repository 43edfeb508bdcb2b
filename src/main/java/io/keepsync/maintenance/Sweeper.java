package io.keepsync.maintenance;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.auth.AuthHousekeeping;
import io.keepsync.backup.BackupHousekeeping;
import io.keepsync.sync.housekeeping.SyncHousekeeping;

/**
 * Removes what nobody needs any more: stale temporary uploads, old idempotency records, tombstones past their
 * retention (moving each user's must-refetch horizon), snapshots that have no row, and credentials that let nobody in.
 */
@ApplicationScoped
public class Sweeper {

    @Inject
    SweepConfig config;

    @Inject
    BackupHousekeeping backups;

    @Inject
    SyncHousekeeping sync;

    @Inject
    AuthHousekeeping auth;

    /** Runs every sweep; returns how many items were removed. */
    public int sweepAll() throws IOException {
        return sweepTempFiles() + sweepMutations() + pruneTombstones() + sweepOrphanFiles() + sweepCredentials();
    }

    /** Expired sessions of both kinds, refresh tokens, old failed-login records, long-retired signing keys. */
    public int sweepCredentials() {
        return auth.sweep();
    }

    public int sweepTempFiles() throws IOException {
        return backups.removeTempFilesOlderThan(config.tempFileAge());
    }

    public int sweepMutations() {
        return sync.forgetMutationsOlderThan(config.mutationRetention());
    }

    public int pruneTombstones() {
        return sync.pruneTombstones();
    }

    /** Snapshots older than the temp-file age, so that an upload being recorded is left alone. */
    public int sweepOrphanFiles() throws IOException {
        return backups.removeOrphansOlderThan(config.tempFileAge());
    }
}
