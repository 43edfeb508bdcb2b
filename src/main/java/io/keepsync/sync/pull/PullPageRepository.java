package io.keepsync.sync.pull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import io.keepsync.sync.RecordRows;
import io.keepsync.sync.SyncRecord;
import io.keepsync.sync.wire.PulledChange;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * What a pull reads of the synced records: keyset pages by version. A page and the head it is served under come from
 * one statement, hence one snapshot, which is what lets a cursor jump to the head once the page is the last.
 */
@ApplicationScoped
public class PullPageRepository implements PanacheRepositoryBase<SyncRecord, SyncRecord.Key> {

    /** What a pull asks for. */
    public record PullQuery(long afterVersion, Instant receivedAfter, List<String> entityTypes, String excludeClientId,
            int limit) {
    }

    /** The user's head as of a page's snapshot; {@code exists} is false for a user who never pushed. */
    public record PullHead(boolean exists, long version, int epoch, long horizon, Instant horizonAt,
            Instant lastReceivedAt) {
        static final PullHead NONE = new PullHead(false, 0, 1, 0, null, null);
    }

    /** A delivered record and when the server received it. */
    public record PulledRow(PulledChange change, Instant receivedAt) {
    }

    /** One page of a pull with the head it was read under. */
    public record PullPage(PullHead head, List<PulledRow> rows) {
    }

    private static final Comparator<PulledRow> BY_VERSION = Comparator.comparingLong(row -> row.change().version());
    private static final int HEAD_WIDTH = 5;

    /** The page after the query's version, with the head. */
    public PullPage page(UUID userId, PullQuery query) {
        NativeQuery<Object[]> statement = query("WITH head AS (SELECT version, epoch, horizon, horizon_at, "
                + "last_received_at FROM sync_state WHERE user_id = :user) SELECT h.version AS h_version, "
                + "h.epoch AS h_epoch, h.horizon AS h_horizon, h.horizon_at AS h_horizon_at, "
                + "h.last_received_at AS h_last_received_at, p.* FROM head h LEFT JOIN LATERAL (SELECT "
                + RecordRows.COLUMNS + " FROM sync_records r " + where(query) + " ORDER BY r.version LIMIT :limit) p ON true")
                .addScalar("h_version", StandardBasicTypes.LONG).addScalar("h_epoch", StandardBasicTypes.INTEGER)
                .addScalar("h_horizon", StandardBasicTypes.LONG).addScalar("h_horizon_at", StandardBasicTypes.TIMESTAMP)
                .addScalar("h_last_received_at", StandardBasicTypes.TIMESTAMP);
        List<Object[]> result = bind(RecordRows.typed(statement), userId, query).setParameter("limit", query.limit())
                .getResultList();
        PullHead head = PullHead.NONE;
        List<PulledRow> rows = new ArrayList<>(result.size());
        for (Object[] row : result) {
            if (head == PullHead.NONE) {
                // Every row carries the same head: read it once.
                head = new PullHead(true, (Long) row[0], (Integer) row[1], (Long) row[2], RecordRows.instant(row[3]),
                        RecordRows.instant(row[4]));
            }
            PulledChange change = RecordRows.change(row, HEAD_WIDTH);
            if (change != null) {
                rows.add(new PulledRow(change, RecordRows.receivedAt(row, HEAD_WIDTH)));
            }
        }
        // A join does not promise to keep the index's order, and sorting wide rows in PostgreSQL costs as much as
        // reading them (docs/performance.md): rows already in order cost one pass here.
        rows.sort(BY_VERSION);
        return new PullPage(head, rows);
    }

    /** The rest of one push's changes (one receipt time) after the given version. */
    public List<PulledRow> restOfGroup(UUID userId, PullQuery query, Instant receivedAt, long afterVersion) {
        PullQuery group = new PullQuery(afterVersion, null, query.entityTypes(), query.excludeClientId(),
                Integer.MAX_VALUE);
        List<Object[]> result = bind(RecordRows.typed(query("SELECT " + RecordRows.COLUMNS + " FROM sync_records r "
                + where(group) + " AND r.received_at = :receivedAt ORDER BY r.version")), userId, group)
                .setParameter("receivedAt", receivedAt.atOffset(ZoneOffset.UTC))
                .getResultList();
        List<PulledRow> rows = new ArrayList<>(result.size());
        for (Object[] row : result) {
            rows.add(new PulledRow(RecordRows.change(row, 0), RecordRows.receivedAt(row, 0)));
        }
        return rows;
    }

    /** Whether any change the query would serve was received after the instant. */
    public boolean anyReceivedAfter(UUID userId, PullQuery query, Instant receivedAt) {
        PullQuery later = new PullQuery(0, receivedAt, query.entityTypes(), query.excludeClientId(), 1);
        @SuppressWarnings("unchecked")
        NativeQuery<Boolean> statement = getEntityManager().createNativeQuery("SELECT EXISTS (SELECT 1 FROM "
                + "sync_records r " + where(later) + ") AS found").unwrap(NativeQuery.class);
        return bind(statement.addScalar("found", StandardBasicTypes.BOOLEAN), userId, later).getSingleResult();
    }

    @SuppressWarnings("unchecked")
    private NativeQuery<Object[]> query(String sql) {
        return getEntityManager().createNativeQuery(sql).unwrap(NativeQuery.class);
    }

    private static String where(PullQuery query) {
        StringBuilder where = new StringBuilder("WHERE r.user_id = :user AND r.version > :after");
        if (query.receivedAfter() != null) {
            where.append(" AND r.received_at > :receivedAfter");
        }
        if (query.entityTypes() != null) {
            where.append(" AND r.entity_type = ANY (cast(:types AS text[]))");
        }
        if (query.excludeClientId() != null) {
            where.append(" AND r.client_id <> :exclude");
        }
        return where.toString();
    }

    private static <T> NativeQuery<T> bind(NativeQuery<T> statement, UUID userId, PullQuery query) {
        statement.setParameter("user", userId).setParameter("after", query.afterVersion());
        if (query.receivedAfter() != null) {
            statement.setParameter("receivedAfter", query.receivedAfter().atOffset(ZoneOffset.UTC));
        }
        if (query.entityTypes() != null) {
            statement.setParameter("types", query.entityTypes().toArray(String[]::new));
        }
        if (query.excludeClientId() != null) {
            statement.setParameter("exclude", query.excludeClientId());
        }
        return statement;
    }
}
