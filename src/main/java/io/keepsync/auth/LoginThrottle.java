package io.keepsync.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/**
 * Counts password attempts per email in PostgreSQL (so every replica sees them) and locks an email out for a while
 * after too many failures, whether or not the account exists. An attempt is counted before its password is checked,
 * under the row's lock, so that parallel guesses cannot get more tries than the limit between them.
 */
@ApplicationScoped
public class LoginThrottle {

    /** An attempt let through: the account it tries (both null when there is none) and its place in the count. */
    record Attempt(String email, UUID userId, String passwordHash, int count) {
    }

    @Inject
    AuthRepository repository;

    @Inject
    AuthConfig config;

    /** Counts an attempt for the email and reads its account; 429 with {@code Retry-After} while it is locked out. */
    @Transactional(dontRollbackOn = ProblemException.class)
    Attempt begin(String email) {
        AuthRepository.Attempt counted = repository.countLoginAttempt(email, config.loginFailureWindow());
        if (counted.lockedUntil() != null) {
            throw lockedOut(counted.lockedUntil());
        }
        if (counted.failures() > config.maxLoginFailures()) {
            throw lockedOut(repository.lockOut(email, config.loginLockout()));
        }
        return repository.userByEmail(email).map(user -> new Attempt(email, user.id, user.passwordHash,
                counted.failures())).orElse(new Attempt(email, null, null, counted.failures()));
    }

    /**
     * Settles an attempt once its password was checked: a success clears the count, the failure that reaches the
     * limit starts the lockout. Returns whether it succeeded.
     */
    @Transactional
    boolean settle(Attempt attempt, boolean valid) {
        if (valid && attempt.userId() != null) {
            repository.clearLoginFailures(attempt.email());
            return true;
        }
        if (attempt.count() >= config.maxLoginFailures()) {
            repository.lockOut(attempt.email(), config.loginLockout());
        }
        return false;
    }

    private static ProblemException lockedOut(Instant until) {
        long seconds = Math.max(1, Duration.between(Instant.now(), until).toSeconds() + 1);
        return new ProblemException(ProblemType.TOO_MANY_ATTEMPTS,
                "Too many failed logins for this email; retry in " + seconds + " s",
                Map.of("Retry-After", Long.toString(seconds)), null);
    }
}
