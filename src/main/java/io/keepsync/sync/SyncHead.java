package io.keepsync.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A user's sync head: the last version written, the epoch cursors belong to, the horizon below which tombstones may
 * have been pruned (older cursors must refetch), and when the last push was received. A push holds its row locked
 * until it commits, so one user's pushes are applied one at a time, on every replica. Only the columns a push changes
 * are written back.
 */
@Entity
@Table(name = "sync_state")
@DynamicUpdate
public class SyncHead extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public long version;

    public int epoch;

    public long horizon;

    @Column(name = "horizon_at")
    public Instant horizonAt;

    @Column(name = "last_received_at")
    public Instant lastReceivedAt;

    /**
     * The receipt time of the next change: now, but strictly after the previous one, so that
     * {@code since=<serverTime>} never misses a push.
     */
    public Instant nextReceiptTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return lastReceivedAt != null && !now.isAfter(lastReceivedAt) ? lastReceivedAt.plusMillis(1) : now;
    }

    /** The cursor of the head: where a pull that has everything stands. */
    public SyncCursor cursor() {
        return new SyncCursor(epoch, version);
    }
}
