package io.keepsync.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/**
 * Counts failed logins per email in PostgreSQL (so every replica sees them) and locks an email out for a while
 * after too many, whether or not the account exists.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    AuthRepository repository;

    @Inject
    AuthConfig config;

    /** Throws 429 with {@code Retry-After} while the email is locked out. */
    void checkAllowed(String email) {
        Optional<Instant> locked = repository.lockedUntil(email);
        if (locked.isPresent()) {
            long seconds = Math.max(1, Duration.between(Instant.now(), locked.get()).toSeconds() + 1);
            throw new ProblemException(ProblemType.TOO_MANY_ATTEMPTS,
                    "Too many failed logins for this email; retry in " + seconds + " s",
                    Map.of("Retry-After", Long.toString(seconds)), null);
        }
    }

    /** Records a failure; the one that reaches the limit starts the lockout. */
    void recordFailure(String email) {
        if (repository.recordLoginFailure(email, config.loginFailureWindow()) >= config.maxLoginFailures()) {
            repository.lockOut(email, config.loginLockout());
        }
    }

    void recordSuccess(String email) {
        repository.clearLoginFailures(email);
    }
}
