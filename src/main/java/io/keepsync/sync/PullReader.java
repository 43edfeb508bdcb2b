package io.keepsync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The keyset scan behind a pull. The head and the page come from one statement, hence one snapshot: every version
 * up to the head is committed and visible, which is what lets the cursor jump to the head at the end.
 */
final class PullReader {

    /** What a pull asks for. */
    record Query(long afterVersion, Instant receivedAfter, List<String> entityTypes, String excludeClientId,
            int limit) {
    }

    /** The user's head as of the page's snapshot; {@code exists} is false for a user who never pushed. */
    record Head(boolean exists, long version, int epoch, long horizon, Instant horizonAt, Instant lastReceivedAt) {
        static final Head NONE = new Head(false, 0, 1, 0, null, null);
    }

    /** A delivered record and when the server received it. */
    record Row(PulledChange change, Instant receivedAt) {
    }

    record Page(Head head, List<Row> rows) {
    }

    private static final String COLUMNS = "r.entity_type, r.entity_id, r.data, r.deleted, r.last_modified_at, "
            + "r.client_id, r.version, r.received_at";

    private static final Comparator<Row> BY_VERSION = Comparator.comparingLong(row -> row.change().version());

    private final Connection connection;
    private final UUID userId;

    PullReader(Connection connection, UUID userId) {
        this.connection = connection;
        this.userId = userId;
    }

    Page page(Query query) throws SQLException {
        String sql = "WITH head AS (SELECT version, epoch, horizon, horizon_at, last_received_at FROM sync_state "
                + "WHERE user_id = ?) SELECT h.version, h.epoch, h.horizon, h.horizon_at, h.last_received_at, p.* "
                + "FROM head h LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM sync_records r "
                + where(query) + " ORDER BY r.version LIMIT ?) p ON true";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setObject(index++, userId);
            index = bind(statement, index, query);
            statement.setInt(index, query.limit());
            try (ResultSet rs = statement.executeQuery()) {
                Head head = Head.NONE;
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    if (head == Head.NONE) {
                        // Every row carries the same head: read it once.
                        head = new Head(true, rs.getLong(1), rs.getInt(2), rs.getLong(3), instant(rs, 4), instant(rs, 5));
                    }
                    if (rs.getString(6) != null) {
                        rows.add(row(rs, 6));
                    }
                }
                // The page comes in version order from the index, but a join does not promise to keep it, and
                // sorting 1000 wide rows in PostgreSQL took as long as reading them (docs/performance.md): put
                // them in order here, where already ordered rows cost a single pass.
                rows.sort(BY_VERSION);
                return new Page(head, rows);
            }
        }
    }

    /** The rest of one push's changes (one receipt time) after the given version. */
    List<Row> restOfGroup(Query query, Instant receivedAt, long afterVersion) throws SQLException {
        Query group = new Query(afterVersion, null, query.entityTypes(), query.excludeClientId(), Integer.MAX_VALUE);
        String sql = "SELECT " + COLUMNS + " FROM sync_records r " + where(group)
                + " AND r.received_at = ? ORDER BY r.version";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = bind(statement, 1, group);
            statement.setObject(index, PushWriter.utc(receivedAt));
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, 1));
                }
            }
            return rows;
        }
    }

    boolean anyReceivedAfter(Query query, Instant receivedAt) throws SQLException {
        Query later = new Query(0, receivedAt, query.entityTypes(), query.excludeClientId(), 1);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM sync_records r " + where(later) + ")")) {
            bind(statement, 1, later);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String where(Query query) {
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

    private int bind(PreparedStatement statement, int index, Query query) throws SQLException {
        statement.setObject(index++, userId);
        statement.setLong(index++, query.afterVersion());
        if (query.receivedAfter() != null) {
            statement.setObject(index++, PushWriter.utc(query.receivedAfter()));
        }
        if (query.entityTypes() != null) {
            statement.setArray(index++, connection.createArrayOf("text", query.entityTypes().toArray()));
        }
        if (query.excludeClientId() != null) {
            statement.setString(index++, query.excludeClientId());
        }
        return index;
    }

    private static Row row(ResultSet rs, int first) throws SQLException {
        boolean deleted = rs.getBoolean(first + 3);
        PulledChange change = new PulledChange(rs.getString(first), rs.getString(first + 1),
                deleted ? "delete" : "upsert", deleted ? null : new RawJson(rs.getBytes(first + 2)), instant(rs, first + 4),
                rs.getString(first + 5), rs.getLong(first + 6));
        return new Row(change, instant(rs, first + 7));
    }

    /**
     * A timestamptz column as an instant, through getTimestamp (the time zone plays no part for timestamptz):
     * getObject(OffsetDateTime) builds a LocalDate, LocalTime, LocalDateTime and OffsetDateTime on the way, which
     * were a fifth of what the service allocated during pulls (JFR).
     */
    private static Instant instant(ResultSet rs, int index) throws SQLException {
        Timestamp value = rs.getTimestamp(index);
        return value == null ? null : value.toInstant();
    }
}
