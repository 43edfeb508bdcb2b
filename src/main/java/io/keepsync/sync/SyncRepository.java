package io.keepsync.sync;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.keepsync.auth.AccountService;
import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.sync.wire.PulledChange;
import io.keepsync.sync.wire.RawJson;

/**
 * All of sync's SQL. Pushes and pulls use set-based statements, a handful per request whatever its size; inside a
 * push's transaction every method here runs on that transaction's connection.
 */
@ApplicationScoped
public class SyncRepository {

    /** The user's sync head as a push sees it, locked until the push commits. */
    public record Head(long version, int epoch, Instant lastReceivedAt) {
    }

    /** A mutation id's recorded outcome. */
    public record LoggedOutcome(String mutationId, String status, Long version, String error) {
    }

    /** A record to write if its (lastModifiedAt, clientId) beats the stored pair. */
    public record RecordWrite(RecordKey key, boolean deleted, String data, Instant lastModifiedAt, long version) {
    }

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

    private static final String COLUMNS = "r.entity_type, r.entity_id, r.data, r.deleted, r.last_modified_at, "
            + "r.client_id, r.version, r.received_at";

    private static final Comparator<PulledRow> BY_VERSION = Comparator.comparingLong(row -> row.change().version());

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AccountService accounts;

    // --- push ----------------------------------------------------------------------------------------------

    /** Creates the head on first use and locks it: concurrent pushes of one user queue here. */
    public Head lockHead(UUID userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO sync_state AS s (user_id) VALUES (?)
                        ON CONFLICT (user_id) DO UPDATE SET user_id = s.user_id
                        RETURNING version, epoch, last_received_at""")) {
            statement.setObject(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new Head(rs.getLong(1), rs.getInt(2), instant(rs, 3));
            }
        }
    }

    /** The recorded outcomes of those of these mutation ids that were pushed before, by id. */
    public Map<String, LoggedOutcome> loggedOutcomes(UUID userId, Set<String> mutationIds) throws SQLException {
        Map<String, LoggedOutcome> logged = new HashMap<>();
        if (mutationIds.isEmpty()) {
            return logged;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT mutation_id, status, version, error "
                        + "FROM sync_mutations WHERE user_id = ? AND mutation_id = ANY (?)")) {
            statement.setObject(1, userId);
            statement.setArray(2, textArray(connection, mutationIds.toArray(String[]::new)));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long version = rs.getLong(3);
                    logged.put(rs.getString(1), new LoggedOutcome(rs.getString(1), rs.getString(2),
                            rs.wasNull() ? null : version, rs.getString(4)));
                }
            }
        }
        return logged;
    }

    /** Writes each record whose (lastModifiedAt, clientId) beats the stored pair; returns the keys written. */
    public Set<RecordKey> upsert(UUID userId, List<RecordWrite> writes, String clientId, Instant receivedAt)
            throws SQLException {
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
        Set<RecordKey> written = new HashSet<>(2 * n);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
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
            statement.setObject(3, utc(receivedAt));
            int index = 4;
            for (String[] column : List.of(types, ids, data, deleted, modified, versions)) {
                statement.setArray(index++, textArray(connection, column));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    written.add(new RecordKey(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return written;
    }

    /** The stored records with these keys, in the pull's change shape, by key. */
    public Map<RecordKey, PulledChange> current(UUID userId, Set<RecordKey> keys) throws SQLException {
        String[] types = new String[keys.size()], ids = new String[keys.size()];
        int i = 0;
        for (RecordKey key : keys) {
            types[i] = key.entityType();
            ids[i++] = key.entityId();
        }
        Map<RecordKey, PulledChange> current = new HashMap<>(2 * keys.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM sync_records r "
                        + "JOIN unnest(?::text[], ?::text[]) AS k(entity_type, entity_id) "
                        + "ON r.entity_type = k.entity_type AND r.entity_id = k.entity_id WHERE r.user_id = ?")) {
            statement.setArray(1, textArray(connection, types));
            statement.setArray(2, textArray(connection, ids));
            statement.setObject(3, userId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    PulledChange change = row(rs, 1).change();
                    current.put(new RecordKey(change.entityType(), change.entityId()), change);
                }
            }
        }
        return current;
    }

    /** Records the outcome of each mutation id, so that a retry is answered without applying it again. */
    public void logOutcomes(UUID userId, List<LoggedOutcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        int n = outcomes.size();
        String[] ids = new String[n], statuses = new String[n], versions = new String[n], errors = new String[n];
        for (int i = 0; i < n; i++) {
            LoggedOutcome outcome = outcomes.get(i);
            ids[i] = outcome.mutationId();
            statuses[i] = outcome.status();
            versions[i] = outcome.version() == null ? null : outcome.version().toString();
            errors[i] = outcome.error();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO sync_mutations (user_id, mutation_id, status, version, error)
                        SELECT ?, t.id, t.status, t.version::bigint, t.error
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(id, status, version, error)""")) {
            statement.setObject(1, userId);
            statement.setArray(2, textArray(connection, ids));
            statement.setArray(3, textArray(connection, statuses));
            statement.setArray(4, textArray(connection, versions));
            statement.setArray(5, textArray(connection, errors));
            statement.executeUpdate();
        }
    }

    /** Moves the head to the push's last version and notes when the device pushed. */
    public void advance(UUID userId, long version, Instant receivedAt, String clientId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE sync_state SET version = ?, last_received_at = ? WHERE user_id = ?")) {
                statement.setLong(1, version);
                statement.setObject(2, utc(receivedAt));
                statement.setObject(3, userId);
                statement.executeUpdate();
            }
            touchClient(connection, userId, clientId, "last_push_at", receivedAt);
        }
    }

    // --- pull ----------------------------------------------------------------------------------------------

    /**
     * The keyset page behind a pull. The head and the page come from one statement, hence one snapshot: every
     * version up to the head is committed and visible, which is what lets the cursor jump to the head at the end.
     */
    public PullPage page(UUID userId, PullQuery query) throws SQLException {
        String sql = "WITH head AS (SELECT version, epoch, horizon, horizon_at, last_received_at FROM sync_state "
                + "WHERE user_id = ?) SELECT h.version, h.epoch, h.horizon, h.horizon_at, h.last_received_at, p.* "
                + "FROM head h LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM sync_records r "
                + where(query) + " ORDER BY r.version LIMIT ?) p ON true";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, userId);
            int index = bind(connection, statement, 2, userId, query);
            statement.setInt(index, query.limit());
            try (ResultSet rs = statement.executeQuery()) {
                PullHead head = PullHead.NONE;
                List<PulledRow> rows = new ArrayList<>();
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
                // A join does not promise to keep the index's order, and sorting wide rows in PostgreSQL costs as
                // much as reading them (docs/performance.md): rows already in order cost one pass here.
                rows.sort(BY_VERSION);
                return new PullPage(head, rows);
            }
        }
    }

    /** The rest of one push's changes (one receipt time) after the given version. */
    public List<PulledRow> restOfGroup(UUID userId, PullQuery query, Instant receivedAt, long afterVersion)
            throws SQLException {
        PullQuery group = new PullQuery(afterVersion, null, query.entityTypes(), query.excludeClientId(),
                Integer.MAX_VALUE);
        String sql = "SELECT " + COLUMNS + " FROM sync_records r " + where(group)
                + " AND r.received_at = ? ORDER BY r.version";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = bind(connection, statement, 1, userId, group);
            statement.setObject(index, utc(receivedAt));
            List<PulledRow> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, 1));
                }
            }
            return rows;
        }
    }

    /** Whether any change the query would serve was received after the instant. */
    public boolean anyReceivedAfter(UUID userId, PullQuery query, Instant receivedAt) throws SQLException {
        PullQuery later = new PullQuery(0, receivedAt, query.entityTypes(), query.excludeClientId(), 1);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM sync_records r " + where(later) + ")")) {
            bind(connection, statement, 1, userId, later);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Notes that the device pulled just now. */
    public void touchPull(UUID userId, String clientId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            touchClient(connection, userId, clientId, "last_pull_at", null);
        }
    }

    // --- status --------------------------------------------------------------------------------------------

    /** The head cursor, live and deleted records per entity type, and the devices. */
    public SyncStatus status(UUID userId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new SyncStatus(headCursor(connection, userId).encode(), Instant.now(), counts(connection, userId),
                    clients(connection, userId));
        }
    }

    private static SyncCursor headCursor(Connection connection, UUID userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT epoch, version FROM sync_state WHERE user_id = ?")) {
            statement.setObject(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new SyncCursor(rs.getInt(1), rs.getLong(2)) : new SyncCursor(1, 0);
            }
        }
    }

    private static Map<String, SyncStatus.Counts> counts(Connection connection, UUID userId) throws SQLException {
        Map<String, SyncStatus.Counts> counts = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT entity_type, count(*) FILTER (WHERE NOT deleted), count(*) FILTER (WHERE deleted)
                FROM sync_records WHERE user_id = ? GROUP BY entity_type ORDER BY entity_type""")) {
            statement.setObject(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), new SyncStatus.Counts(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return counts;
    }

    private static List<SyncStatus.Client> clients(Connection connection, UUID userId) throws SQLException {
        List<SyncStatus.Client> clients = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT client_id, last_push_at, last_pull_at "
                + "FROM sync_clients WHERE user_id = ? ORDER BY client_id")) {
            statement.setObject(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    clients.add(new SyncStatus.Client(rs.getString(1), instant(rs, 2), instant(rs, 3)));
                }
            }
        }
        return clients;
    }

    // --- housekeeping --------------------------------------------------------------------------------------

    /**
     * Removes a deleted account's sync data in the deleting transaction. sync_records and sync_mutations have no
     * foreign key to users (a check per pushed change costs too much), so this is what keeps them from outliving
     * the account. It locks the head first (every push holds it until commit) and then the account (a push
     * creating its head holds a key-share lock on it), in the order a push takes them, so that a push under way
     * commits before the rows go and a later push fails on the head's foreign key once the account is gone.
     */
    public void deleteUser(UUID userId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT user_id FROM sync_state WHERE user_id = ? FOR UPDATE")) {
                statement.setObject(1, userId);
                statement.executeQuery().close();
            }
            accounts.lockAccount(userId);
            for (String table : List.of("sync_records", "sync_clients", "sync_state", "sync_mutations")) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE user_id = ?")) {
                    statement.setObject(1, userId);
                    statement.executeUpdate();
                }
            }
        }
    }

    /** Forgets mutation ids recorded before the instant; returns how many. */
    public int forgetMutationsBefore(Instant cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM sync_mutations WHERE created_at < ?")) {
            statement.setObject(1, utc(cutoff));
            return statement.executeUpdate();
        }
    }

    /**
     * Deletes tombstones received before the instant; each user's horizon moves past the newest one removed, in the
     * same statement. Returns how many were removed.
     */
    public int pruneTombstonesBefore(Instant cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        WITH pruned AS (
                          DELETE FROM sync_records WHERE deleted AND received_at < ?
                          RETURNING user_id, version, received_at),
                        per_user AS (
                          SELECT user_id, max(version) AS version, max(received_at) AS received_at, count(*) AS n
                          FROM pruned GROUP BY user_id),
                        moved AS (
                          UPDATE sync_state s SET horizon = GREATEST(s.horizon, p.version),
                                 horizon_at = GREATEST(coalesce(s.horizon_at, p.received_at), p.received_at)
                          FROM per_user p WHERE s.user_id = p.user_id RETURNING p.n)
                        SELECT coalesce(sum(n), 0) FROM moved""")) {
            statement.setObject(1, utc(cutoff));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // --- shared pieces -------------------------------------------------------------------------------------

    /** Notes when a device last pushed or pulled; a null instant means the database's now(). */
    private static void touchClient(Connection connection, UUID userId, String clientId, String column, Instant at)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO sync_clients (user_id, client_id, "
                + column + ") VALUES (?, ?, coalesce(?, now())) ON CONFLICT (user_id, client_id) DO UPDATE SET "
                + column + " = EXCLUDED." + column)) {
            statement.setObject(1, userId);
            statement.setString(2, clientId);
            statement.setObject(3, at == null ? null : utc(at), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            statement.executeUpdate();
        }
    }

    private static String where(PullQuery query) {
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

    private static int bind(Connection connection, PreparedStatement statement, int index, UUID userId,
            PullQuery query) throws SQLException {
        statement.setObject(index++, userId);
        statement.setLong(index++, query.afterVersion());
        if (query.receivedAfter() != null) {
            statement.setObject(index++, utc(query.receivedAfter()));
        }
        if (query.entityTypes() != null) {
            statement.setArray(index++, connection.createArrayOf("text", query.entityTypes().toArray()));
        }
        if (query.excludeClientId() != null) {
            statement.setString(index++, query.excludeClientId());
        }
        return index;
    }

    private static PulledRow row(ResultSet rs, int first) throws SQLException {
        boolean deleted = rs.getBoolean(first + 3);
        PulledChange change = new PulledChange(rs.getString(first), rs.getString(first + 1),
                deleted ? "delete" : "upsert", deleted ? null : new RawJson(rs.getBytes(first + 2)), instant(rs, first + 4),
                rs.getString(first + 5), rs.getLong(first + 6));
        return new PulledRow(change, instant(rs, first + 7));
    }

    /**
     * A timestamptz column as an instant, through getTimestamp (the time zone plays no part for timestamptz):
     * getObject(OffsetDateTime) builds four java.time objects on the way, on the hottest path of a pull.
     */
    private static Instant instant(ResultSet rs, int index) throws SQLException {
        Timestamp value = rs.getTimestamp(index);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Array textArray(Connection connection, String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }
}
