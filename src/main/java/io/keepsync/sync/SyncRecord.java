package io.keepsync.sync;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A synced record of one user, identified by (entityType, entityId). Pushes and pulls go through set-based SQL
 * ({@link PushWriter}, {@link PullReader}); this mapping serves the status and clean-up queries.
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

    @JdbcTypeCode(SqlTypes.JSON)
    public String data;

    public boolean deleted;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    @Column(name = "client_id")
    public String clientId;

    public long version;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** The composite key. */
    public record Key(UUID userId, String entityType, String entityId) implements Serializable {
        public Key() {
            this(null, null, null);
        }
    }
}
