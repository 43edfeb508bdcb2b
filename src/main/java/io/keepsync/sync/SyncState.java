package io.keepsync.sync;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's sync head: the version counter, the cursor epoch and the must-refetch horizon. */
@Entity
@Table(name = "sync_state")
public class SyncState extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public long version;

    public int epoch;

    /** Tombstones at or below this version may be gone; older cursors must refetch. */
    public long horizon;

    @Column(name = "horizon_at")
    public Instant horizonAt;

    @Column(name = "last_received_at")
    public Instant lastReceivedAt;

    static Optional<SyncState> of(UUID userId) {
        return findByIdOptional(userId);
    }
}
