package io.keepsync.sync.push;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.sync.RecordKey;
import io.keepsync.sync.RecordRows;
import io.keepsync.sync.SyncRecord;
import io.keepsync.sync.wire.PulledChange;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * What a push writes to and reads from the synced records. The write is one set-based statement per push whatever
 * its size (the benchmark's push rate rests on it; docs/performance.md): the batch goes over as arrays and each
 * record is written only where its {@code (lastModifiedAt, clientId)} beats the stored pair.
 */
@ApplicationScoped
public class PushRecordRepository implements PanacheRepositoryBase<SyncRecord, SyncRecord.Key> {

    /** A record to write if its (lastModifiedAt, clientId) beats the stored pair. */
    public record RecordWrite(RecordKey key, boolean deleted, String data, Instant lastModifiedAt, long version) {
    }

    /**
     * Writes each record whose (lastModifiedAt, clientId) beats the stored pair; returns the keys written. The
     * statement runs on the session's connection: through a native query, binding six arrays and mapping the returned
     * keys cost more CPU than the statement's own JDBC work (docs/performance.md).
     */
    public Set<RecordKey> upsert(UUID userId, List<RecordWrite> writes, String clientId, Instant receivedAt) {
        int n = writes.size();
        String[] types = new String[n], ids = new String[n], data = new String[n], deleted = new String[n],
                modified = new String[n], versions = new String[n];
        for (int i = 0; i < n; i++) {
            RecordWrite write = writes.get(i);
            types[i] = write.key().entityType();
            ids[i] = write.key().entityId();
            data[i] = write.data();
            deleted[i] = Boolean.toString(write.deleted());
            modified[i] = IsoInstants.format(write.lastModifiedAt());
            versions[i] = Long.toString(write.version());
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO sync_records AS r
                      (user_id, entity_type, entity_id, data, deleted, last_modified_at, client_id, version, received_at)
                    SELECT ?, t.entity_type, t.entity_id, t.data::json, t.deleted::boolean, t.modified::timestamptz, ?,
                           t.version::bigint, ?
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                         AS t(entity_type, entity_id, data, deleted, modified, version)
                    ON CONFLICT (user_id, entity_type, entity_id) DO UPDATE SET
                      data = EXCLUDED.data, deleted = EXCLUDED.deleted, last_modified_at = EXCLUDED.last_modified_at,
                      client_id = EXCLUDED.client_id, version = EXCLUDED.version, received_at = EXCLUDED.received_at
                    WHERE (r.last_modified_at, r.client_id) < (EXCLUDED.last_modified_at, EXCLUDED.client_id)
                    RETURNING entity_type, entity_id""")) {
                statement.setObject(1, userId);
                statement.setString(2, clientId);
                statement.setObject(3, receivedAt.atOffset(ZoneOffset.UTC));
                int index = 4;
                for (String[] column : List.of(types, ids, data, deleted, modified, versions)) {
                    statement.setArray(index++, connection.createArrayOf("text", column));
                }
                Set<RecordKey> written = new HashSet<>(2 * n);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        written.add(new RecordKey(rs.getString(1), rs.getString(2)));
                    }
                }
                return written;
            }
        });
    }

    /** The stored records with these keys, in the pull's change shape, by key. */
    public Map<RecordKey, PulledChange> current(UUID userId, Set<RecordKey> keys) {
        String[] types = new String[keys.size()], ids = new String[keys.size()];
        int i = 0;
        for (RecordKey key : keys) {
            types[i] = key.entityType();
            ids[i++] = key.entityId();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = RecordRows.typed(getEntityManager().createNativeQuery("SELECT " + RecordRows.COLUMNS
                + " FROM sync_records r JOIN unnest(cast(?1 AS text[]), cast(?2 AS text[])) AS k(entity_type, entity_id)"
                + " ON r.entity_type = k.entity_type AND r.entity_id = k.entity_id WHERE r.user_id = ?3")
                .unwrap(NativeQuery.class))
                .setParameter(1, types).setParameter(2, ids).setParameter(3, userId)
                .getResultList();
        Map<RecordKey, PulledChange> current = new HashMap<>(2 * keys.size());
        for (Object[] row : rows) {
            PulledChange change = RecordRows.change(row, 0);
            current.put(new RecordKey(change.entityType(), change.entityId()), change);
        }
        return current;
    }
}
