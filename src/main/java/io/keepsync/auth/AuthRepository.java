package io.keepsync.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.agroal.api.AgroalDataSource;

/** All of auth's SQL: accounts, failed logins, refresh tokens, API keys and the stored signing key. */
@ApplicationScoped
public class AuthRepository {

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    // --- accounts ------------------------------------------------------------------------------------------

    /** Inserts the account unless the email is taken; true when it was inserted. */
    boolean insertUser(UUID id, String email, String passwordHash) {
        return em.createNativeQuery("INSERT INTO users (id, email, password_hash, created_at) "
                + "VALUES (?1, ?2, ?3, now()) ON CONFLICT (email) DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, email)
                .setParameter(3, passwordHash)
                .executeUpdate() == 1;
    }

    Optional<User> userByEmail(String email) {
        return User.find("email", email).firstResultOptional();
    }

    Optional<User> user(UUID id) {
        return User.findByIdOptional(id);
    }

    /**
     * Whether the account exists: one primary-key probe on a pooled connection, without an ORM query or a
     * transaction around it, because every authenticated request asks.
     */
    boolean userExists(UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
            statement.setObject(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The account could not be looked up", e);
        }
    }

    /** Locks the account's row until the current transaction ends. */
    void lockUser(UUID id) {
        em.createNativeQuery("SELECT id FROM users WHERE id = ?1 FOR UPDATE").setParameter(1, id).getResultList();
    }

    // --- failed logins -------------------------------------------------------------------------------------

    /** Until when the email is locked out, if it is now. */
    Optional<Instant> lockedUntil(String email) {
        @SuppressWarnings("unchecked")
        List<Instant> locked = em.createNativeQuery(
                "SELECT locked_until FROM login_failures WHERE email = ?1 AND locked_until > now()", Instant.class)
                .setParameter(1, email).getResultList();
        return locked.stream().findFirst();
    }

    /** Counts a failure within the window (a lapsed window or an ended lockout starts again); returns the count. */
    int recordLoginFailure(String email, Duration window) {
        Number failures = (Number) em
                .createNativeQuery(
                        """
                                INSERT INTO login_failures AS f (email, failures, first_failure_at) VALUES (?1, 1, now())
                                ON CONFLICT (email) DO UPDATE SET
                                  failures = CASE WHEN f.first_failure_at < now() - make_interval(secs => ?2) OR f.locked_until IS NOT NULL
                                                  THEN 1 ELSE f.failures + 1 END,
                                  first_failure_at = CASE WHEN f.first_failure_at < now() - make_interval(secs => ?2) OR f.locked_until IS NOT NULL
                                                  THEN now() ELSE f.first_failure_at END,
                                  locked_until = NULL
                                RETURNING failures""")
                .setParameter(1, email)
                .setParameter(2, (double) window.toSeconds())
                .getSingleResult();
        return failures.intValue();
    }

    void lockOut(String email, Duration lockout) {
        em.createNativeQuery("UPDATE login_failures SET locked_until = now() + make_interval(secs => ?2) WHERE email = ?1")
                .setParameter(1, email)
                .setParameter(2, (double) lockout.toSeconds())
                .executeUpdate();
    }

    void clearLoginFailures(String email) {
        em.createNativeQuery("DELETE FROM login_failures WHERE email = ?1").setParameter(1, email).executeUpdate();
    }

    // --- refresh tokens ------------------------------------------------------------------------------------

    /** The token with this hash, locked, so that two concurrent refreshes cannot both use it. */
    Optional<RefreshToken> refreshTokenForUpdate(String tokenHash) {
        return RefreshToken.find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    void revokeFamily(UUID familyId) {
        RefreshToken.update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", Instant.now(), familyId);
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

    /** The unexpired session with this hash, as its user and CSRF token; one probe, no transaction needed. */
    Optional<WebSession> webSession(String tokenHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT s.user_id, s.csrf_token "
                        + "FROM web_sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.expires_at > now()")) {
            statement.setString(1, tokenHash);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new WebSession(rs.getObject(1, UUID.class), rs.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The session could not be looked up", e);
        }
    }

    void deleteWebSession(String tokenHash) {
        em.createNativeQuery("DELETE FROM web_sessions WHERE token_hash = ?1").setParameter(1, tokenHash)
                .executeUpdate();
    }

    int deleteExpiredWebSessions() {
        return em.createNativeQuery("DELETE FROM web_sessions WHERE expires_at <= now()").executeUpdate();
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

    /** Stores the pair under the id unless one is there already; true when this one was stored. */
    boolean insertSigningKey(String id, String privateKey, String publicKey) {
        return em.createNativeQuery("INSERT INTO signing_keys (id, private_key, public_key) VALUES (?1, ?2, ?3) "
                + "ON CONFLICT (id) DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, privateKey)
                .setParameter(3, publicKey)
                .executeUpdate() == 1;
    }

    /** The stored private and public key of this id, in that order. */
    String[] signingKey(String id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT private_key, public_key FROM signing_keys WHERE id = ?1")
                .setParameter(1, id).getResultList();
        Object[] row = rows.get(0);
        return new String[] { (String) row[0], (String) row[1] };
    }
}
