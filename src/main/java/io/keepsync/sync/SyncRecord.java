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

/**
 * One synced record of a user: the latest write of {@code (entityType, entityId)}, which wins by
 * {@code (lastModifiedAt, clientId)}; a delete is a tombstone ({@code deleted}, no data). {@code version} is the
 * user's sync version it was written at, {@code receivedAt} when the server received it. Writes go through the
 * set-based statements of the push's repository; the data is the client's JSON object as text.
 */
@Entity
@Table(name = "sync_records")
@IdClass(SyncRecord.Key.class)
public class SyncRecord extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "entity_type")
    public String entityType;

    @Id
    @Column(name = "entity_id")
    public String entityId;

    @Column(columnDefinition = "json", insertable = false, updatable = false)
    public String data;

    public boolean deleted;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    @Column(name = "client_id")
    public String clientId;

    public long version;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** A record's identity: the user and the record's key. */
    public static class Key implements Serializable {

        public UUID userId;
        public String entityType;
        public String entityId;

        public Key() {
        }

        public Key(UUID userId, RecordKey key) {
            this.userId = userId;
            this.entityType = key.entityType();
            this.entityId = key.entityId();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId)
                    && Objects.equals(entityType, key.entityType) && Objects.equals(entityId, key.entityId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, entityType, entityId);
        }
    }
}
