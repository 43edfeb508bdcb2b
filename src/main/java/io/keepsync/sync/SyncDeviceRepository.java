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

    /** Notes that the device pushed at the push's receipt time; on the session's connection, as a push's statements are. */
    public void pushed(UUID userId, String clientId, Instant at) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO sync_clients (user_id, "
                    + "client_id, last_push_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (user_id, client_id) DO UPDATE SET last_push_at = EXCLUDED.last_push_at")) {
                statement.setObject(1, userId);
                statement.setString(2, clientId);
                statement.setObject(3, at.atOffset(ZoneOffset.UTC));
                statement.executeUpdate();
            }
        });
    }

    /** Notes that the device pulled just now (the database's clock); once per pull page, so on the connection too. */
    public void pulled(UUID userId, String clientId) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO sync_clients (user_id, "
                    + "client_id, last_pull_at) VALUES (?, ?, now()) "
                    + "ON CONFLICT (user_id, client_id) DO UPDATE SET last_pull_at = EXCLUDED.last_pull_at")) {
                statement.setObject(1, userId);
                statement.setString(2, clientId);
                statement.executeUpdate();
            }
        });
    }

    public List<SyncDevice> ofUser(UUID userId) {
        return list("userId", Sort.by("clientId"), userId);
    }
}
