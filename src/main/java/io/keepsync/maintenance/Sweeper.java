package io.keepsync.maintenance;

import java.io.IOException;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.auth.WebSessions;
import io.keepsync.backup.BackupHousekeeping;
import io.keepsync.sync.SyncHousekeeping;

/**
 * Removes what nobody needs any more: stale temporary uploads, old idempotency records, tombstones past their
 * retention (moving each user's must-refetch horizon), snapshots that have no row, and expired console sessions.
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
    WebSessions sessions;

    /** Runs every sweep; returns how many items were removed. */
    public int sweepAll() throws IOException, SQLException {
        return sweepTempFiles() + sweepMutations() + pruneTombstones() + sweepOrphanFiles() + sweepWebSessions();
    }

    public int sweepWebSessions() {
        return sessions.deleteExpired();
    }

    public int sweepTempFiles() throws IOException {
        return backups.removeTempFilesOlderThan(config.tempFileAge());
    }

    public int sweepMutations() throws SQLException {
        return sync.forgetMutationsOlderThan(config.mutationRetention());
    }

    public int pruneTombstones() throws SQLException {
        return sync.pruneTombstones();
    }

    /** Snapshots older than the temp-file age, so that an upload being recorded is left alone. */
    public int sweepOrphanFiles() throws IOException {
        return backups.removeOrphansOlderThan(config.tempFileAge());
    }
}
