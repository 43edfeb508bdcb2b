package io.keepsync.sync.push;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.keepsync.sync.RecordRows;
import io.keepsync.sync.SyncHead;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * The user's sync head as a write takes it: created on first use, locked until the write commits, and moved on
 * explicitly. Both statements run on the session's connection and the head is not attached to the session: loading
 * and flushing it through Hibernate cost a push several times the CPU of these two statements (docs/performance.md).
 */
@ApplicationScoped
public class HeadRepository implements PanacheRepositoryBase<SyncHead, UUID> {

    /**
     * The head, locked: concurrent writes of one user queue here, on every replica. One statement creates it on the
     * first push and locks it.
     */
    public SyncHead lock(UUID userId) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO sync_state AS s (user_id) VALUES (?)
                    ON CONFLICT (user_id) DO UPDATE SET user_id = s.user_id
                    RETURNING version, epoch, horizon, horizon_at, last_received_at""")) {
                statement.setObject(1, userId);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    SyncHead head = new SyncHead();
                    head.userId = userId;
                    head.version = rs.getLong(1);
                    head.epoch = rs.getInt(2);
                    head.horizon = rs.getLong(3);
                    head.horizonAt = RecordRows.instant(rs.getTimestamp(4));
                    head.lastReceivedAt = RecordRows.instant(rs.getTimestamp(5));
                    return head;
                }
            }
        });
    }

    /** Writes the head's version and last receipt time, which is all a write moves. */
    public void advance(SyncHead head) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE sync_state SET version = ?, last_received_at = ? WHERE user_id = ?")) {
                statement.setLong(1, head.version);
                statement.setObject(2, head.lastReceivedAt == null ? null : head.lastReceivedAt.atOffset(ZoneOffset.UTC));
                statement.setObject(3, head.userId);
                statement.executeUpdate();
            }
        });
    }
}
