package io.keepsync.snapshots;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.keepsync.sync.SyncRecord;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * What a restore does to the synced records, set-based: the snapshot's records are loaded into a temporary table of
 * the restore's transaction, compared with the stored ones in PostgreSQL, and the differences written in one
 * statement, so that memory does not grow with the record count. The caller holds the transaction.
 */
@ApplicationScoped
public class RestoreRepository implements PanacheRepositoryBase<SyncRecord, SyncRecord.Key> {

    /** The first key of the advisory lock a user's restore holds (with the hash of the user id): "RS". */
    public static final int LOCK_CLASS = 0x5253;

    /** The client id a restore writes its changes under. */
    public static final String CLIENT_ID = "keepsync-restore";

    /**
     * Each key of the stored records and of the snapshot ({@code t}), with the state the snapshot gives it, whether
     * a record is stored, and whether that state differs from the stored one. A key missing from the snapshot gets a
     * tombstone; a tombstone and a missing record are the same state.
     */
    private static final String DIFF = """
            WITH c AS (SELECT entity_type, entity_id, data::text AS data, deleted, last_modified_at
                       FROM sync_records WHERE user_id = :user),
            d AS (SELECT coalesce(t.entity_type, c.entity_type) AS entity_type,
                         coalesce(t.entity_id, c.entity_id) AS entity_id,
                         coalesce(t.deleted, true) AS target_deleted,
                         CASE WHEN coalesce(t.deleted, true) THEN NULL ELSE t.data END AS target_data,
                         c.entity_type IS NOT NULL AS stored,
                         c.last_modified_at,
                         coalesce(t.deleted, true) <> coalesce(c.deleted, true)
                           OR (NOT coalesce(t.deleted, true) AND t.data IS DISTINCT FROM c.data) AS changed
                  FROM c FULL JOIN restore_target t ON t.entity_type = c.entity_type AND t.entity_id = c.entity_id)
            """;

    /** Counts of a comparison: records to restore, to delete, and already as in the snapshot. */
    public record Counts(long restored, long deleted, long unchanged) {
    }

    /** Takes the user's restore lock for the transaction; false when another restore of the user holds it. */
    public boolean tryLock(UUID userId) {
        return (Boolean) getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, LOCK_CLASS).setParameter(2, userId.toString()).getSingleResult();
    }

    /** Creates the transaction's empty table of snapshot records. */
    public void createTarget() {
        getEntityManager().createNativeQuery("""
                CREATE TEMPORARY TABLE restore_target (
                  entity_type text COLLATE "C" NOT NULL,
                  entity_id text COLLATE "C" NOT NULL,
                  data text,
                  deleted boolean NOT NULL,
                  PRIMARY KEY (entity_type, entity_id)
                ) ON COMMIT DROP""").executeUpdate();
    }

    /** Adds a batch of snapshot records to the table. */
    void addTargets(List<SnapshotFile.Row> rows) {
        int n = rows.size();
        String[] types = new String[n], ids = new String[n], data = new String[n], deleted = new String[n];
        for (int i = 0; i < n; i++) {
            SnapshotFile.Row row = rows.get(i);
            types[i] = row.entityType();
            ids[i] = row.entityId();
            data[i] = row.data();
            deleted[i] = Boolean.toString(row.deleted());
        }
        getEntityManager().createNativeQuery("""
                INSERT INTO restore_target (entity_type, entity_id, data, deleted)
                SELECT t.entity_type, t.entity_id, t.data, t.deleted::boolean
                FROM unnest(cast(?1 AS text[]), cast(?2 AS text[]), cast(?3 AS text[]), cast(?4 AS text[]))
                     AS t(entity_type, entity_id, data, deleted)""")
                .setParameter(1, types).setParameter(2, ids).setParameter(3, data).setParameter(4, deleted)
                .executeUpdate();
    }

    /** What writing the snapshot's state over the stored records would change. */
    public Counts counts(UUID userId) {
        getEntityManager().createNativeQuery("ANALYZE restore_target").executeUpdate();
        Object[] row = (Object[]) getEntityManager().createNativeQuery(DIFF + """
                SELECT count(*) FILTER (WHERE changed AND NOT target_deleted),
                       count(*) FILTER (WHERE changed AND target_deleted),
                       count(*) FILTER (WHERE NOT changed AND stored)
                FROM d""").setParameter("user", userId).getSingleResult();
        return new Counts(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }

    /**
     * Writes the snapshot's state as new changes of every differing record: versions after {@code headVersion} in key
     * order, {@code lastModifiedAt} the later of {@code now} and the stored one plus a millisecond (so the restored
     * state wins over every write the server holds), and the restore's client id. Returns how many were written.
     */
    public int apply(UUID userId, long headVersion, Instant now) {
        return getEntityManager().createNativeQuery(DIFF + """
                INSERT INTO sync_records AS r
                  (user_id, entity_type, entity_id, data, deleted, last_modified_at, client_id, version, received_at)
                SELECT :user, d.entity_type, d.entity_id, d.target_data::json, d.target_deleted,
                       greatest(:now, d.last_modified_at + interval '1 millisecond'), :client,
                       :head + row_number() OVER (ORDER BY d.entity_type, d.entity_id), :now
                FROM d WHERE d.changed
                ON CONFLICT (user_id, entity_type, entity_id) DO UPDATE SET
                  data = EXCLUDED.data, deleted = EXCLUDED.deleted, last_modified_at = EXCLUDED.last_modified_at,
                  client_id = EXCLUDED.client_id, version = EXCLUDED.version, received_at = EXCLUDED.received_at""")
                .setParameter("user", userId).setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("client", CLIENT_ID).setParameter("head", headVersion)
                .executeUpdate();
    }
}
