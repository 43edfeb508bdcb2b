package io.keepsync.sync;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A device of a user, by its client id, and when it last pushed and pulled. */
@Entity
@Table(name = "sync_clients")
@IdClass(SyncDevice.Key.class)
public class SyncDevice extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "last_push_at")
    public Instant lastPushAt;

    @Column(name = "last_pull_at")
    public Instant lastPullAt;

    /** A device's identity: the user and the client id. */
    public static class Key implements Serializable {

        public UUID userId;
        public String clientId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId)
                    && Objects.equals(clientId, key.clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, clientId);
        }
    }
}
