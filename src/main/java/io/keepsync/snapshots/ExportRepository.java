package io.keepsync.snapshots;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.sync.SyncCursor;
import io.keepsync.sync.SyncRecord;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * What a server snapshot reads of the synced records: the user's head and every record, tombstones included, from one
 * statement (hence one consistent read: whole pushes only, and the head's cursor is exactly where the records stop),
 * streamed through a database cursor so memory does not grow with the record count.
 */
@ApplicationScoped
public class ExportRepository implements PanacheRepositoryBase<SyncRecord, SyncRecord.Key> {

    /** Rows fetched from PostgreSQL at a time. */
    private static final int FETCH = 1000;

    /** The head as of the read: its cursor and the receipt time of the last push it includes. */
    public record ExportHead(SyncCursor cursor, Instant lastReceivedAt) {
    }

    /** Hands each record to {@code rows} in key order and returns the head they were read under. */
    ExportHead read(UUID userId, Consumer<SnapshotFile.Row> rows) {
        @SuppressWarnings("unchecked")
        NativeQuery<Object[]> query = getEntityManager().createNativeQuery("""
                WITH h AS (SELECT version, epoch, last_received_at FROM sync_state WHERE user_id = :user)
                SELECT h.version AS h_version, h.epoch AS h_epoch, h.last_received_at AS h_received,
                       r.entity_type, r.entity_id, r.data::text AS data, r.deleted, r.last_modified_at, r.client_id,
                       r.version
                FROM h LEFT JOIN sync_records r ON r.user_id = :user
                ORDER BY r.entity_type, r.entity_id""").unwrap(NativeQuery.class);
        query.addScalar("h_version", StandardBasicTypes.LONG).addScalar("h_epoch", StandardBasicTypes.INTEGER)
                .addScalar("h_received", StandardBasicTypes.TIMESTAMP)
                .addScalar("entity_type", StandardBasicTypes.STRING).addScalar("entity_id", StandardBasicTypes.STRING)
                .addScalar("data", StandardBasicTypes.STRING).addScalar("deleted", StandardBasicTypes.BOOLEAN)
                .addScalar("last_modified_at", StandardBasicTypes.TIMESTAMP)
                .addScalar("client_id", StandardBasicTypes.STRING).addScalar("version", StandardBasicTypes.LONG)
                .setParameter("user", userId).setFetchSize(FETCH).setReadOnly(true);
        ExportHead head = new ExportHead(new SyncCursor(1, 0), null);
        try (ScrollableResults<Object[]> results = query.scroll(ScrollMode.FORWARD_ONLY)) {
            boolean first = true;
            while (results.next()) {
                Object[] row = results.get();
                if (first) {
                    // Every row carries the same head: read it once.
                    head = new ExportHead(new SyncCursor((Integer) row[1], (Long) row[0]), instant(row[2]));
                    first = false;
                }
                if (row[3] != null) {
                    rows.accept(new SnapshotFile.Row((String) row[3], (String) row[4], (String) row[5],
                            (Boolean) row[6], IsoInstants.format(instant(row[7])), (String) row[8], (Long) row[9]));
                }
            }
        }
        return head;
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
