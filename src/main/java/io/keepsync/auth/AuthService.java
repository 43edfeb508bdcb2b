package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Registration, login, the rotation of refresh tokens, and the end of sessions. Passwords are hashed on their own pool
 * ({@link Passwords}) between short transactions, so a hash never holds a database connection or a request worker.
 */
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

    @Inject
    Event<CredentialsRevoked> revoked;

    public Uni<TokenPair> register(Credentials credentials) {
        return createAccount(credentials).emitOn(Infrastructure.getDefaultWorkerPool()).map(this::signedIn);
    }

    /**
     * A new own account with these credentials, unless registration is closed or the email is taken; the caller signs
     * it in its own way (the API with tokens, the console with a session).
     */
    public Uni<UUID> createAccount(Credentials credentials) {
        if (config.registration() == AuthConfig.Registration.CLOSED) {
            return Uni.createFrom().failure(
                    new ProblemException(ProblemType.REGISTRATION_CLOSED, "This server does not accept new accounts"));
        }
        return passwords.hash(credentials.password()).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(hash -> inserted(credentials.normalizedEmail(), hash));
    }

    /** Whether anyone may create an account (the console offers it only then). */
    public boolean registrationOpen() {
        return config.registration() == AuthConfig.Registration.OPEN;
    }

    @Transactional
    UUID inserted(String email, String passwordHash) {
        UUID id = UUID.randomUUID();
        if (!repository.insertUser(id, email, passwordHash)) {
            throw new ProblemException(ProblemType.EMAIL_TAKEN, "An account with this email already exists");
        }
        return id;
    }

    public Uni<TokenPair> login(Credentials credentials) {
        return verify(credentials).emitOn(Infrastructure.getDefaultWorkerPool()).map(this::signedIn);
    }

    @Transactional
    TokenPair signedIn(UUID userId) {
        return startSession(userId);
    }

    /**
     * The account these credentials sign in to, or the same 401 for an unknown email and a wrong password; every
     * attempt counts towards the email's lockout, whichever way (API or console) it was tried.
     */
    public Uni<UUID> verify(Credentials credentials) {
        return onWorker(() -> throttle.begin(credentials.normalizedEmail()))
                .chain(attempt -> passwords.matches(credentials.password(), attempt.passwordHash())
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(valid -> {
                            if (!throttle.settle(attempt, valid)) {
                                throw new ProblemException(ProblemType.INVALID_CREDENTIALS,
                                        "The email or the password is wrong");
                            }
                            return attempt.userId();
                        }));
    }

    /** A reused token ends its session; that must commit although the answer is 401. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenPair refresh(String secret) {
        RefreshToken token = repository.refreshTokenForUpdate(Secrets.hash(secret))
                .orElseThrow(ProblemException::unauthorized);
        Instant now = Instant.now();
        AuthSession session = repository.session(token.familyId).orElse(null);
        if (session == null || !session.live(now) || !token.usable(now)) {
            if (token.usedAt != null && token.revokedAt == null) {
                repository.endSession(token.familyId);
                revoked.fire(new CredentialsRevoked(token.userId));
            }
            throw ProblemException.unauthorized();
        }
        token.usedAt = now;
        return pair(session, newRefreshToken(session));
    }

    /** Ends the session the token belongs to, if it is one of this user's. */
    @Transactional
    public void logout(UUID userId, String secret) {
        repository.refreshTokenForUpdate(Secrets.hash(secret))
                .filter(token -> token.userId.equals(userId))
                .ifPresent(token -> {
                    repository.endSession(token.familyId);
                    revoked.fire(new CredentialsRevoked(userId));
                });
    }

    private TokenPair startSession(UUID userId) {
        AuthSession session = new AuthSession();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.createdAt = Instant.now();
        session.expiresAt = session.createdAt.plus(config.sessionMaxAge());
        session.persist();
        return pair(session, newRefreshToken(session));
    }

    private TokenPair pair(AuthSession session, String refreshToken) {
        return new TokenPair(session.userId, issuer.accessToken(session.userId, session.id), refreshToken, "Bearer",
                issuer.accessTokenSeconds());
    }

    /** A refresh token that never outlives its session. */
    private String newRefreshToken(AuthSession session) {
        String secret = Secrets.random("");
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.userId = session.userId;
        token.familyId = session.id;
        token.tokenHash = Secrets.hash(secret);
        token.createdAt = Instant.now();
        Instant lifetimeEnd = token.createdAt.plus(config.refreshTokenLifetime());
        token.expiresAt = lifetimeEnd.isBefore(session.expiresAt) ? lifetimeEnd : session.expiresAt;
        token.persist();
        return secret;
    }

    static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
