package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/** Registration, login and the rotation of refresh tokens. */
@ApplicationScoped
public class AuthService {

    @Inject
    AuthConfig config;

    @Inject
    AuthRepository repository;

    @Inject
    Passwords passwords;

    @Inject
    TokenIssuer issuer;

    @Inject
    LoginThrottle throttle;

    @Transactional
    public TokenPair register(Credentials credentials) {
        if (config.registration() == AuthConfig.Registration.CLOSED) {
            throw new ProblemException(ProblemType.REGISTRATION_CLOSED, "This server does not accept new accounts");
        }
        UUID id = UUID.randomUUID();
        if (!repository.insertUser(id, credentials.normalizedEmail(), passwords.hash(credentials.password()))) {
            throw new ProblemException(ProblemType.EMAIL_TAKEN, "An account with this email already exists");
        }
        return startSession(id);
    }

    /** Failures are committed, not rolled back: they feed the lockout. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenPair login(Credentials credentials) {
        return startSession(verify(credentials));
    }

    /**
     * The account these credentials sign in to, or the same 401 for an unknown email and a wrong password; every
     * failure counts towards the email's lockout, whichever way (API or console) it was tried.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public UUID verify(Credentials credentials) {
        String email = credentials.normalizedEmail();
        throttle.checkAllowed(email);
        User user = repository.userByEmail(email).orElse(null);
        boolean valid = user != null && passwords.matches(credentials.password(), user.passwordHash);
        if (user == null) {
            passwords.burn(credentials.password());
        }
        if (!valid) {
            throttle.recordFailure(email);
            throw new ProblemException(ProblemType.INVALID_CREDENTIALS, "The email or the password is wrong");
        }
        throttle.recordSuccess(email);
        return user.id;
    }

    /** A reused token revokes its family; that revocation must commit although the answer is 401. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenPair refresh(String secret) {
        RefreshToken token = repository.refreshTokenForUpdate(Secrets.hash(secret))
                .orElseThrow(ProblemException::unauthorized);
        Instant now = Instant.now();
        if (!token.usable(now)) {
            if (token.usedAt != null && token.revokedAt == null) {
                repository.revokeFamily(token.familyId);
            }
            throw ProblemException.unauthorized();
        }
        token.usedAt = now;
        return new TokenPair(token.userId, issuer.accessToken(token.userId), newRefreshToken(token.userId, token.familyId),
                "Bearer", issuer.accessTokenSeconds());
    }

    /** Ends the session the token belongs to, if it is one of this user's. */
    @Transactional
    public void logout(UUID userId, String secret) {
        repository.refreshTokenForUpdate(Secrets.hash(secret))
                .filter(token -> token.userId.equals(userId))
                .ifPresent(token -> repository.revokeFamily(token.familyId));
    }

    private TokenPair startSession(UUID userId) {
        return new TokenPair(userId, issuer.accessToken(userId), newRefreshToken(userId, UUID.randomUUID()), "Bearer",
                issuer.accessTokenSeconds());
    }

    private String newRefreshToken(UUID userId, UUID familyId) {
        String secret = Secrets.random("");
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.userId = userId;
        token.familyId = familyId;
        token.tokenHash = Secrets.hash(secret);
        token.createdAt = Instant.now();
        token.expiresAt = token.createdAt.plus(config.refreshTokenLifetime());
        token.persist();
        return secret;
    }
}
