package io.keepsync.sync;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/**
 * Notes when each device pushed and pulled (push, pull) and lists a user's devices (status). A device appears with
 * its first push or pull, so each note is an upsert.
 */
@ApplicationScoped
public class SyncDeviceRepository implements PanacheRepositoryBase<SyncDevice, SyncDevice.Key> {

    /** Notes that the device pushed at the push's receipt time. */
    public void pushed(UUID userId, String clientId, Instant at) {
        note(userId, clientId, "last_push_at", at);
    }

    /** Notes that the device pulled just now (the database's clock). */
    public void pulled(UUID userId, String clientId) {
        note(userId, clientId, "last_pull_at", null);
    }

    /**
     * Sets one of the device's times (the database's clock when {@code at} is null). On the session's connection, as a
     * push's statements are: every push and pull page notes its device (docs/performance.md).
     */
    private void note(UUID userId, String clientId, String column, Instant at) {
        String sql = "INSERT INTO sync_clients (user_id, client_id, " + column + ") VALUES (?, ?, "
                + (at == null ? "now()" : "?") + ") ON CONFLICT (user_id, client_id) DO UPDATE SET " + column
                + " = EXCLUDED." + column;
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, userId);
                statement.setString(2, clientId);
                if (at != null) {
                    statement.setObject(3, at.atOffset(ZoneOffset.UTC));
                }
                statement.executeUpdate();
            }
        });
    }

    public List<SyncDevice> ofUser(UUID userId) {
        return list("userId", Sort.by("clientId"), userId);
    }
}
