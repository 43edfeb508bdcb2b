package io.keepsync.sync.housekeeping;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.keepsync.sync.SyncRecord;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Tombstones past their retention, pruned in one statement for all users. */
@ApplicationScoped
public class TombstoneRepository implements PanacheRepositoryBase<SyncRecord, SyncRecord.Key> {

    /**
     * Deletes tombstones received before the instant; each user's horizon moves past the newest one removed, in the
     * same statement, so that no cursor that depended on them is served. Returns how many were removed.
     */
    public int pruneBefore(Instant cutoff) {
        Number pruned = (Number) getEntityManager().createNativeQuery("""
                WITH pruned AS (
                  DELETE FROM sync_records WHERE deleted AND received_at < ?1
                  RETURNING user_id, version, received_at),
                per_user AS (
                  SELECT user_id, max(version) AS version, max(received_at) AS received_at, count(*) AS n
                  FROM pruned GROUP BY user_id),
                moved AS (
                  UPDATE sync_state s SET horizon = GREATEST(s.horizon, p.version),
                         horizon_at = GREATEST(coalesce(s.horizon_at, p.received_at), p.received_at)
                  FROM per_user p WHERE s.user_id = p.user_id RETURNING p.n)
                SELECT coalesce(sum(n), 0) FROM moved""")
                .setParameter(1, cutoff.atOffset(ZoneOffset.UTC))
                .getSingleResult();
        return pruned.intValue();
    }
}
