package io.keepsync.sync.housekeeping;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.sync.SyncConfig;

/** What the maintenance sweep asks of sync: forget old mutation ids, prune tombstones past their retention. */
@ApplicationScoped
public class SyncHousekeeping {

    @Inject
    MutationExpiryRepository mutations;

    @Inject
    TombstoneRepository tombstones;

    @Inject
    SyncConfig config;

    /** Forgets mutation ids older than the given age; returns how many. */
    @Transactional
    public int forgetMutationsOlderThan(Duration age) {
        return mutations.forgetBefore(Instant.now().minus(age));
    }

    /** Prunes tombstones older than {@code keepsync.sync.tombstone-retention}, moving the must-refetch horizon. */
    @Transactional
    public int pruneTombstones() {
        return tombstones.pruneBefore(Instant.now().minus(config.tombstoneRetention()));
    }
}
