package io.keepsync.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.keepsync.common.error.ProblemException;

/**
 * Counts failed logins per email in PostgreSQL (so every replica sees them) and locks an email out for a while
 * after too many, whether or not the account exists.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    EntityManager em;

    @Inject
    AuthConfig config;

    /** Throws 429 with {@code Retry-After} while the email is locked out. */
    void checkAllowed(String email) {
        @SuppressWarnings("unchecked")
        List<Instant> locked = em.createNativeQuery(
                "SELECT locked_until FROM login_failures WHERE email = ?1 AND locked_until > now()", Instant.class)
                .setParameter(1, email).getResultList();
        if (!locked.isEmpty()) {
            long seconds = Math.max(1, Duration.between(Instant.now(), locked.get(0)).toSeconds() + 1);
            throw new ProblemException(429, "too-many-attempts", "Too many failed logins",
                    "Too many failed logins for this email; retry in " + seconds + " s",
                    Map.of("Retry-After", Long.toString(seconds)), null);
        }
    }

    /** Records a failure; the one that reaches the limit starts the lockout. */
    void recordFailure(String email) {
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
                .setParameter(2, (double) config.auth().loginFailureWindow().toSeconds())
                .getSingleResult();
        if (failures.intValue() >= config.auth().maxLoginFailures()) {
            em.createNativeQuery("UPDATE login_failures SET locked_until = now() + make_interval(secs => ?2) WHERE email = ?1")
                    .setParameter(1, email)
                    .setParameter(2, (double) config.auth().loginLockout().toSeconds())
                    .executeUpdate();
        }
    }

    void recordSuccess(String email) {
        em.createNativeQuery("DELETE FROM login_failures WHERE email = ?1").setParameter(1, email).executeUpdate();
    }
}
