package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One sign-in: the family of its refresh tokens and the {@code sid} of its access tokens. It lasts at most
 * {@code keepsync.auth.session-max-age} from sign-in however often it is refreshed, and ends at once when signed out.
 */
@Entity
@Table(name = "auth_sessions")
public class AuthSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    boolean live(Instant now) {
        return endedAt == null && expiresAt.isAfter(now);
    }
}
