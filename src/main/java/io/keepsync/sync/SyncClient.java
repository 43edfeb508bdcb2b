package io.keepsync.sync;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A device of a user and when it last pushed and pulled. */
@Entity
@Table(name = "sync_clients")
@IdClass(SyncClient.Key.class)
public class SyncClient extends PanacheEntityBase {

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

    static List<SyncClient> listOf(UUID userId) {
        return list("userId = ?1 order by clientId", userId);
    }

    /** The composite key. */
    public record Key(UUID userId, String clientId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
