package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An account: everything else in Keepsync belongs to one. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The sign-in email of an own account; a provider's user has the provider's email claim, if it sent one. */
    public String email;

    /** Null for a provider's user, who signs in with the provider and has no password here. */
    @Column(name = "password_hash")
    public String passwordHash;

    /** A provider's user: the token issuer and subject it is (both null for an own account). */
    public String issuer;

    public String subject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean external() {
        return issuer != null;
    }
}
