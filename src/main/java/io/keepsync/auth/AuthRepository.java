package io.keepsync.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * All of auth's SQL: accounts, failed logins, sign-in sessions and their refresh tokens, console sessions, API keys
 * and the stored signing keys.
 */
@ApplicationScoped
public class AuthRepository {

    /** A stored signing key, newest first in lists. */
    record StoredKey(String id, String privateKey, String publicKey, Instant retiredAt) {
    }

    /** The state of an email's failed logins after an attempt was counted. */
    record Attempt(int failures, Instant lockedUntil) {
    }

    @Inject
    EntityManager em;

    // --- accounts ------------------------------------------------------------------------------------------

    /** Inserts the account unless the email is taken; true when it was inserted. */
    boolean insertUser(UUID id, String email, String passwordHash) {
        return em.createNativeQuery("INSERT INTO users (id, email, password_hash, created_at) "
                + "VALUES (?1, ?2, ?3, now()) ON CONFLICT (email) WHERE issuer IS NULL DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, email)
                .setParameter(3, passwordHash)
                .executeUpdate() == 1;
    }

    /** The own account (not a provider's user) with this email. */
    Optional<User> userByEmail(String email) {
        return User.find("email = ?1 and issuer is null", email).firstResultOptional();
    }

    /** The id of the user a provider's {@code (issuer, subject)} is, if it has been seen. */
    Optional<UUID> userByIdentity(String issuer, String subject) {
        return em.createQuery("select u.id from User u where u.issuer = ?1 and u.subject = ?2", UUID.class)
                .setParameter(1, issuer).setParameter(2, subject).getResultStream().findFirst();
    }

    /** Inserts a provider's user unless another request just did. */
    void insertExternalUser(UUID id, String issuer, String subject, String email) {
        em.createNativeQuery("INSERT INTO users (id, email, issuer, subject, created_at) VALUES (?1, ?2, ?3, ?4, now()) "
                + "ON CONFLICT (issuer, subject) WHERE issuer IS NOT NULL DO NOTHING")
                .setParameter(1, id).setParameter(2, email).setParameter(3, issuer).setParameter(4, subject)
                .executeUpdate();
    }

    Optional<User> user(UUID id) {
        return User.findByIdOptional(id);
    }

    /** Locks the account's row until the current transaction ends. */
    void lockUser(UUID id) {
        em.createNativeQuery("SELECT id FROM users WHERE id = ?1 FOR UPDATE").setParameter(1, id).getResultList();
    }

    // --- failed logins -------------------------------------------------------------------------------------

    /**
     * Counts a login attempt against the email before its password is checked, in one statement that holds the row's
     * lock: parallel guesses each get their own count, so none gets more tries than the limit. A lapsed window or an
     * ended lockout starts the count again; during a lockout nothing is counted.
     */
    Attempt countLoginAttempt(String email, Duration window) {
        Object[] row = (Object[]) em.createNativeQuery("""
                INSERT INTO login_failures AS f (email, failures, first_failure_at) VALUES (?1, 1, now())
                ON CONFLICT (email) DO UPDATE SET
                  failures = CASE WHEN f.locked_until > now() THEN f.failures
                                  WHEN f.locked_until IS NOT NULL OR f.first_failure_at < now() - make_interval(secs => ?2)
                                  THEN 1 ELSE f.failures + 1 END,
                  first_failure_at = CASE WHEN f.locked_until > now() THEN f.first_failure_at
                                  WHEN f.locked_until IS NOT NULL OR f.first_failure_at < now() - make_interval(secs => ?2)
                                  THEN now() ELSE f.first_failure_at END,
                  locked_until = CASE WHEN f.locked_until > now() THEN f.locked_until END
                RETURNING failures, locked_until""", Object[].class)
                .setParameter(1, email)
                .setParameter(2, (double) window.toSeconds())
                .getSingleResult();
        return new Attempt(((Number) row[0]).intValue(), row[1] == null ? null : instant(row[1]));
    }

    /** Locks the email out until the instant returned. */
    Instant lockOut(String email, Duration lockout) {
        return instant(em.createNativeQuery("UPDATE login_failures SET locked_until = now() + make_interval(secs => ?2) "
                + "WHERE email = ?1 RETURNING locked_until")
                .setParameter(1, email)
                .setParameter(2, (double) lockout.toSeconds())
                .getSingleResult());
    }

    void clearLoginFailures(String email) {
        em.createNativeQuery("DELETE FROM login_failures WHERE email = ?1").setParameter(1, email).executeUpdate();
    }

    /** Forgets failures whose window began before the instant and whose lockout is over; returns how many. */
    int deleteLoginFailuresBefore(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM login_failures WHERE first_failure_at < ?1 "
                + "AND (locked_until IS NULL OR locked_until < now())")
                .setParameter(1, cutoff).executeUpdate();
    }

    // --- sign-in sessions and refresh tokens ---------------------------------------------------------------

    /**
     * Whether the session is live and the user's: one primary-key probe in a short transaction of its own, because
     * every request with an access token asks before anything else runs. A deleted account's sessions are gone with
     * it. The probe runs on the session's connection: every push and every pull page pays for it, and a native
     * query's result mapping cost more than the probe (docs/performance.md).
     */
    @Transactional
    boolean sessionLive(UUID sessionId, UUID userId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM auth_sessions "
                    + "WHERE id = ? AND user_id = ? AND ended_at IS NULL AND expires_at > now()")) {
                statement.setObject(1, sessionId);
                statement.setObject(2, userId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    Optional<AuthSession> session(UUID id) {
        return AuthSession.findByIdOptional(id);
    }

    /** The token with this hash, locked, so that two concurrent refreshes cannot both use it. */
    Optional<RefreshToken> refreshTokenForUpdate(String tokenHash) {
        return RefreshToken.find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Ends the session and revokes its refresh tokens. */
    void endSession(UUID sessionId) {
        Instant now = Instant.now();
        AuthSession.update("endedAt = ?1 where id = ?2 and endedAt is null", now, sessionId);
        RefreshToken.update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, sessionId);
    }

    /** Ends every live session of the user but the one given (none when null); returns how many. */
    int endSessionsOf(UUID userId, UUID except) {
        Instant now = Instant.now();
        List<UUID> live = em.createQuery("select s.id from AuthSession s where s.userId = ?1 and s.endedAt is null",
                UUID.class).setParameter(1, userId).getResultList();
        int ended = 0;
        for (UUID id : live) {
            if (!id.equals(except)) {
                endSession(id);
                ended++;
            }
        }
        return ended;
    }

    /** Deletes refresh tokens past their expiry, and sessions expired or ended before the instant; returns how many. */
    int deleteExpiredSessions(Instant endedBefore) {
        long tokens = RefreshToken.delete("expiresAt < ?1", Instant.now());
        long sessions = AuthSession.delete("expiresAt < ?1 or endedAt < ?2", Instant.now(), endedBefore);
        return (int) (tokens + sessions);
    }

    // --- web console sessions ------------------------------------------------------------------------------

    void insertWebSession(UUID id, UUID userId, String tokenHash, String csrfToken, Duration lifetime) {
        em.createNativeQuery("INSERT INTO web_sessions (id, user_id, token_hash, csrf_token, expires_at) "
                + "VALUES (?1, ?2, ?3, ?4, now() + make_interval(secs => ?5))")
                .setParameter(1, id)
                .setParameter(2, userId)
                .setParameter(3, tokenHash)
                .setParameter(4, csrfToken)
                .setParameter(5, (double) lifetime.toSeconds())
                .executeUpdate();
    }

    /** The unexpired session with this hash, as its user and CSRF token; one probe in a short transaction. */
    @Transactional
    Optional<WebSession> webSession(String tokenHash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.user_id, s.csrf_token FROM web_sessions s "
                + "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires_at > now()")
                .setParameter(1, tokenHash).getResultList();
        return rows.stream().findFirst().map(row -> new WebSession((UUID) row[0], (String) row[1], tokenHash));
    }

    /** Deletes the session with this hash; returns its user, if there was one. */
    Optional<UUID> deleteWebSession(String tokenHash) {
        @SuppressWarnings("unchecked")
        List<UUID> users = em.createNativeQuery("DELETE FROM web_sessions WHERE token_hash = ?1 RETURNING user_id",
                UUID.class).setParameter(1, tokenHash).getResultList();
        return users.stream().findFirst();
    }

    /** Deletes every console session of the user but the one with this hash (none when null); returns how many. */
    int deleteWebSessionsOf(UUID userId, String exceptHash) {
        return em.createNativeQuery("DELETE FROM web_sessions WHERE user_id = ?1 AND token_hash <> coalesce(?2, '')")
                .setParameter(1, userId).setParameter(2, exceptHash).executeUpdate();
    }

    int deleteExpiredWebSessions() {
        return em.createNativeQuery("DELETE FROM web_sessions WHERE expires_at <= now()").executeUpdate()
                + em.createNativeQuery("DELETE FROM console_links WHERE expires_at <= now()").executeUpdate();
    }

    void insertConsoleLink(String tokenHash, UUID userId, Duration lifetime) {
        em.createNativeQuery("INSERT INTO console_links (token_hash, user_id, expires_at) "
                + "VALUES (?1, ?2, now() + make_interval(secs => ?3))")
                .setParameter(1, tokenHash).setParameter(2, userId).setParameter(3, (double) lifetime.toSeconds())
                .executeUpdate();
    }

    /** Deletes the unexpired link with this hash and returns its user: a link works once. */
    Optional<UUID> redeemConsoleLink(String tokenHash) {
        @SuppressWarnings("unchecked")
        List<UUID> users = em.createNativeQuery("DELETE FROM console_links WHERE token_hash = ?1 AND expires_at > now() "
                + "RETURNING user_id", UUID.class).setParameter(1, tokenHash).getResultList();
        return users.stream().findFirst();
    }

    // --- API keys ------------------------------------------------------------------------------------------

    Optional<ApiKey> apiKeyByHash(String keyHash) {
        return ApiKey.find("keyHash", keyHash).firstResultOptional();
    }

    List<ApiKey> apiKeysOf(UUID userId) {
        return ApiKey.list("userId = ?1 order by createdAt desc", userId);
    }

    Optional<ApiKey> apiKey(UUID id, UUID userId) {
        return ApiKey.find("id = ?1 and userId = ?2", id, userId).firstResultOptional();
    }

    // --- signing keys --------------------------------------------------------------------------------------

    /** Every stored key, the newest first. */
    @SuppressWarnings("unchecked")
    List<StoredKey> signingKeys() {
        List<Object[]> rows = em.createNativeQuery("SELECT id, private_key, public_key, retired_at FROM signing_keys "
                + "ORDER BY created_at DESC, id").getResultList();
        return rows.stream().map(row -> new StoredKey((String) row[0], (String) row[1], (String) row[2],
                row[3] == null ? null : instant(row[3]))).toList();
    }

    /** Serialises the creation and rotation of keys across replicas until the transaction ends. */
    void lockSigningKeys() {
        em.createNativeQuery("LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE").executeUpdate();
    }

    void insertSigningKey(String id, String privateKey, String publicKey) {
        em.createNativeQuery("INSERT INTO signing_keys (id, private_key, public_key) VALUES (?1, ?2, ?3)")
                .setParameter(1, id)
                .setParameter(2, privateKey)
                .setParameter(3, publicKey)
                .executeUpdate();
    }

    void retireSigningKeysExcept(String id) {
        em.createNativeQuery("UPDATE signing_keys SET retired_at = now() WHERE id <> ?1 AND retired_at IS NULL")
                .setParameter(1, id).executeUpdate();
    }

    /** Deletes keys retired before the instant (nothing they signed is still valid); returns how many. */
    int deleteSigningKeysRetiredBefore(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM signing_keys WHERE retired_at < ?1").setParameter(1, cutoff)
                .executeUpdate();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime time) {
            return time.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
