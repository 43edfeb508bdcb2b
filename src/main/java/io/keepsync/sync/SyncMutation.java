package io.keepsync.sync;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The recorded outcome of a pushed mutation id, so that a retried push is answered as it was the first time
 * without being applied again; the maintenance sweep forgets it after {@code keepsync.sweep.mutation-retention}.
 */
@Entity
@Table(name = "sync_mutations")
@IdClass(SyncMutation.Key.class)
public class SyncMutation extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "mutation_id")
    public String mutationId;

    @Enumerated(EnumType.STRING)
    public ChangeStatus status;

    public Long version;

    public String error;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** A mutation's identity: the user and the mutation id. */
    public static class Key implements Serializable {

        public UUID userId;
        public String mutationId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId)
                    && Objects.equals(mutationId, key.mutationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, mutationId);
        }
    }
}
