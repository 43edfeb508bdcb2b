package io.keepsync.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * What the maintenance sweep asks of auth: remove what lets nobody in any more. Expired refresh tokens, sign-in
 * sessions that ended or passed their maximum age, expired console sessions, failed-login records whose window and
 * lockout are over, and signing keys retired long enough ago that nothing they signed is still valid.
 */
@ApplicationScoped
public class AuthHousekeeping {

    @Inject
    AuthRepository repository;

    @Inject
    AuthConfig config;

    @Inject
    JwtConfig jwt;

    /** Returns how many rows were removed. */
    @Transactional
    public int sweep() {
        Instant now = Instant.now();
        return repository.deleteExpiredSessions(now)
                + repository.deleteExpiredWebSessions()
                + repository.deleteLoginFailuresBefore(now.minus(config.loginFailureWindow()).minus(config.loginLockout()))
                + repository.deleteSigningKeysRetiredBefore(
                        now.minus(jwt.accessTokenLifetime()).minus(SigningKeys.RELOAD_EVERY));
    }
}
