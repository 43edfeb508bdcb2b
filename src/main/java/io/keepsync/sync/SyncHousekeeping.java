package io.keepsync.sync;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What the maintenance sweep asks of sync: forget old mutation ids, prune tombstones past their retention. */
@ApplicationScoped
public class SyncHousekeeping {

    @Inject
    SyncRepository repository;

    @Inject
    SyncConfig config;

    /** Forgets mutation ids older than the given age; returns how many. */
    public int forgetMutationsOlderThan(Duration age) throws SQLException {
        return repository.forgetMutationsBefore(Instant.now().minus(age));
    }

    /** Prunes tombstones older than {@code keepsync.sync.tombstone-retention}, moving the must-refetch horizon. */
    public int pruneTombstones() throws SQLException {
        return repository.pruneTombstonesBefore(Instant.now().minus(config.tombstoneRetention()));
    }
}
