package io.keepsync.sync;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The set-based SQL of a push: a handful of statements per batch whatever its size, all on the caller's
 * transactional connection.
 */
final class PushWriter {

    /** The user's sync head, locked until the push commits. */
    record Head(long version, int epoch, Instant lastReceivedAt) {
    }

    /** A mutation id seen before, with its outcome. */
    record Known(PushResult.Status status, Long version, String error) {
    }

    /** A row of the mutation log. */
    record Outcome(String id, PushResult.Status status, Long version, String error) {
    }

    private final Connection connection;
    private final UUID userId;

    PushWriter(Connection connection, UUID userId) {
        this.connection = connection;
        this.userId = userId;
    }

    /** Creates the head on first use and locks it: concurrent pushes of one user queue here. */
    Head lockHead() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO sync_state AS s (user_id) VALUES (?)
                ON CONFLICT (user_id) DO UPDATE SET user_id = s.user_id
                RETURNING version, epoch, last_received_at""")) {
            statement.setObject(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                OffsetDateTime last = rs.getObject(3, OffsetDateTime.class);
                return new Head(rs.getLong(1), rs.getInt(2), last == null ? null : last.toInstant());
            }
        }
    }

    Map<String, Known> known(Set<String> ids) throws SQLException {
        Map<String, Known> known = new HashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT mutation_id, status, version, error FROM sync_mutations WHERE user_id = ? AND mutation_id = ANY (?)")) {
            statement.setObject(1, userId);
            statement.setArray(2, textArray(ids.toArray(String[]::new)));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long version = rs.getLong(3);
                    known.put(rs.getString(1), new Known(PushResult.Status.valueOf(rs.getString(2)),
                            rs.wasNull() ? null : version, rs.getString(4)));
                }
            }
        }
        return known;
    }

    /**
     * Writes each change whose (lastModifiedAt, clientId) is greater than the stored pair; returns the keys
     * (type + NUL + id) that were written.
     */
    Set<String> upsert(List<ChangeValidator.Valid> changes, long[] versions, String clientId, Instant receivedAt)
            throws SQLException {
        int n = changes.size();
        String[] types = new String[n], ids = new String[n], data = new String[n], deleted = new String[n],
                modified = new String[n], version = new String[n];
        for (int i = 0; i < n; i++) {
            ChangeValidator.Valid change = changes.get(i);
            types[i] = change.entityType();
            ids[i] = change.entityId();
            data[i] = change.data();
            deleted[i] = Boolean.toString(change.deleted());
            modified[i] = IsoInstants.format(change.lastModifiedAt());
            version[i] = Long.toString(versions[i]);
        }
        Set<String> written = new HashSet<>(2 * n);
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
            statement.setObject(3, utc(receivedAt));
            statement.setArray(4, textArray(types));
            statement.setArray(5, textArray(ids));
            statement.setArray(6, textArray(data));
            statement.setArray(7, textArray(deleted));
            statement.setArray(8, textArray(modified));
            statement.setArray(9, textArray(version));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    written.add(key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return written;
    }

    void record(List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        int n = outcomes.size();
        String[] ids = new String[n], statuses = new String[n], versions = new String[n], errors = new String[n];
        for (int i = 0; i < n; i++) {
            Outcome outcome = outcomes.get(i);
            ids[i] = outcome.id();
            statuses[i] = outcome.status().name();
            versions[i] = outcome.version() == null ? null : outcome.version().toString();
            errors[i] = outcome.error();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO sync_mutations (user_id, mutation_id, status, version, error)
                SELECT ?, t.id, t.status, t.version::bigint, t.error
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(id, status, version, error)""")) {
            statement.setObject(1, userId);
            statement.setArray(2, textArray(ids));
            statement.setArray(3, textArray(statuses));
            statement.setArray(4, textArray(versions));
            statement.setArray(5, textArray(errors));
            statement.executeUpdate();
        }
    }

    void advance(long version, Instant receivedAt, String clientId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE sync_state SET version = ?, last_received_at = ? WHERE user_id = ?")) {
            statement.setLong(1, version);
            statement.setObject(2, utc(receivedAt));
            statement.setObject(3, userId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO sync_clients (user_id, client_id, last_push_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id, client_id) DO UPDATE SET last_push_at = EXCLUDED.last_push_at""")) {
            statement.setObject(1, userId);
            statement.setString(2, clientId);
            statement.setObject(3, utc(receivedAt));
            statement.executeUpdate();
        }
    }

    static String key(String entityType, String entityId) {
        return entityType + '\0' + entityId;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private Array textArray(String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }
}
