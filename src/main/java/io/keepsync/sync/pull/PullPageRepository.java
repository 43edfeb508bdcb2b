package io.keepsync.sync.pull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import io.keepsync.sync.RecordRows;
import io.keepsync.sync.SyncRecord;
import io.keepsync.sync.wire.PulledChange;
import io.keepsync.sync.wire.RawJson;
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

    /**
     * The page after the query's version, with the head. The statement runs on the session's connection through
     * Hibernate's {@code doReturningWork} and its rows are read straight from the result set: mapping a thousand wide
     * rows through native-query scalars is what slowed pulls (docs/performance.md has the measurement).
     */
    public PullPage page(UUID userId, PullQuery query) {
        String sql = "WITH head AS (SELECT version, epoch, horizon, horizon_at, last_received_at FROM sync_state "
                + "WHERE user_id = ?) SELECT h.version, h.epoch, h.horizon, h.horizon_at, h.last_received_at, p.* "
                + "FROM head h LEFT JOIN LATERAL (SELECT " + RecordRows.COLUMNS + " FROM sync_records r "
                + jdbcWhere(query) + " ORDER BY r.version LIMIT ?) p ON true";
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, userId);
                int index = jdbcBind(connection, statement, 2, userId, query);
                statement.setInt(index, query.limit());
                try (ResultSet rs = statement.executeQuery()) {
                    PullHead head = PullHead.NONE;
                    List<PulledRow> rows = new ArrayList<>(query.limit());
                    while (rs.next()) {
                        if (head == PullHead.NONE) {
                            // Every row carries the same head: read it once.
                            head = new PullHead(true, rs.getLong(1), rs.getInt(2), rs.getLong(3), instant(rs, 4),
                                    instant(rs, 5));
                        }
                        if (rs.getString(6) != null) {
                            rows.add(row(rs, 6));
                        }
                    }
                    // A join does not promise to keep the index's order, and sorting wide rows in PostgreSQL costs
                    // as much as reading them (docs/performance.md): rows already in order cost one pass here.
                    rows.sort(BY_VERSION);
                    return new PullPage(head, rows);
                }
            }
        });
    }

    private static String jdbcWhere(PullQuery query) {
        StringBuilder where = new StringBuilder("WHERE r.user_id = ? AND r.version > ?");
        if (query.receivedAfter() != null) {
            where.append(" AND r.received_at > ?");
        }
        if (query.entityTypes() != null) {
            where.append(" AND r.entity_type = ANY (?)");
        }
        if (query.excludeClientId() != null) {
            where.append(" AND r.client_id <> ?");
        }
        return where.toString();
    }

    private static int jdbcBind(Connection connection, PreparedStatement statement, int index, UUID userId,
            PullQuery query) throws SQLException {
        statement.setObject(index++, userId);
        statement.setLong(index++, query.afterVersion());
        if (query.receivedAfter() != null) {
            statement.setObject(index++, query.receivedAfter().atOffset(ZoneOffset.UTC));
        }
        if (query.entityTypes() != null) {
            statement.setArray(index++, connection.createArrayOf("text", query.entityTypes().toArray()));
        }
        if (query.excludeClientId() != null) {
            statement.setString(index++, query.excludeClientId());
        }
        return index;
    }

    /** A change and its receipt time from the columns of {@link RecordRows#COLUMNS}, from {@code first} on. */
    private static PulledRow row(ResultSet rs, int first) throws SQLException {
        boolean deleted = rs.getBoolean(first + 3);
        PulledChange change = new PulledChange(rs.getString(first), rs.getString(first + 1),
                deleted ? "delete" : "upsert", deleted ? null : new RawJson(rs.getBytes(first + 2)),
                instant(rs, first + 4), rs.getString(first + 5), rs.getLong(first + 6));
        return new PulledRow(change, instant(rs, first + 7));
    }

    /** A timestamptz as an instant, through getTimestamp: getObject(OffsetDateTime) builds four objects on the way. */
    private static Instant instant(ResultSet rs, int index) throws SQLException {
        Timestamp value = rs.getTimestamp(index);
        return value == null ? null : value.toInstant();
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
