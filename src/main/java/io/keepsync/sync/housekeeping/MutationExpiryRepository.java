package io.keepsync.sync.housekeeping;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.keepsync.sync.SyncMutation;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Mutation ids old enough that no client still retries them. */
@ApplicationScoped
public class MutationExpiryRepository implements PanacheRepositoryBase<SyncMutation, SyncMutation.Key> {

    /** Forgets mutation ids recorded before the instant; returns how many. */
    public int forgetBefore(Instant cutoff) {
        return (int) delete("createdAt < ?1", cutoff);
    }
}
