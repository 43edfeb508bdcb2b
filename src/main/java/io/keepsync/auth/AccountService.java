package io.keepsync.auth;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The signed-in user's own account: read it, change its password, end its sessions, delete it with all it owns. */
@ApplicationScoped
public class AccountService {

    @Inject
    Event<AccountDeleted> deleted;

    @Inject
    Event<CredentialsRevoked> revoked;

    @Inject
    AuthRepository repository;

    @Inject
    Passwords passwords;

    @Inject
    LoginThrottle throttle;

    @Transactional
    public Me me(UUID userId) {
        return repository.user(userId).map(Me::from).orElseThrow(ProblemException::unauthorized);
    }

    /** The user a provider's identity is: found by (issuer, subject), or created on first use with its email. */
    @Transactional
    public UUID externalUser(ExternalTokens.Identity identity) {
        Optional<UUID> known = repository.userByIdentity(identity.issuer(), identity.subject());
        if (known.isPresent()) {
            return known.get();
        }
        repository.insertExternalUser(UUID.randomUUID(), identity.issuer(), identity.subject(), identity.email());
        // Another request may have created it first: read back whichever row won.
        return repository.userByIdentity(identity.issuer(), identity.subject()).orElseThrow();
    }

    /**
     * Locks the account until the current transaction ends, so that nothing can create rows of it meanwhile: a
     * feature removing an account's data calls this in the order its own writers take their locks.
     */
    public void lockAccount(UUID userId) {
        repository.lockUser(userId);
    }

    /**
     * Changes the password once the current one is given, and ends every other session of the user: the sign-in
     * session {@code keepSession} (of the access token that asked) or the console session {@code keepWebSession} (the
     * hash of the cookie that asked) stays. A wrong current password counts towards the email's lockout, as a failed
     * login does.
     */
    public Uni<Void> changePassword(UUID userId, UUID keepSession, String keepWebSession, PasswordChange change) {
        return AuthService.onWorker(() -> throttle.begin(ownAccount(userId).email()))
                .chain(attempt -> passwords.matches(change.currentPassword(), attempt.passwordHash())
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .invoke(valid -> {
                            if (!throttle.settle(attempt, valid)) {
                                throw ProblemException.invalid("currentPassword", "is not the account's password");
                            }
                        }))
                .chain(ignored -> passwords.hash(change.newPassword()))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(hash -> passwordChanged(userId, hash, keepSession, keepWebSession))
                .replaceWithVoid();
    }

    /** The account, if it has a password here; a provider's user changes it with the provider. */
    @Transactional
    Me ownAccount(UUID userId) {
        Me me = me(userId);
        if (me.issuer() != null) {
            throw externalAccount();
        }
        return me;
    }

    static ProblemException externalAccount() {
        return new ProblemException(ProblemType.EXTERNAL_ACCOUNT, "This account signs in with the app's identity "
                + "provider and has no password here; change the password there");
    }

    @Transactional
    void passwordChanged(UUID userId, String passwordHash, UUID keepSession, String keepWebSession) {
        User user = repository.user(userId).orElseThrow(ProblemException::unauthorized);
        user.passwordHash = passwordHash;
        repository.endSessionsOf(userId, keepSession);
        repository.deleteWebSessionsOf(userId, keepWebSession);
        revoked.fire(new CredentialsRevoked(userId));
    }

    /** Ends every sign-in session and console session of the user, the one that asks included. */
    @Transactional
    public void signOutEverywhere(UUID userId) {
        repository.endSessionsOf(userId, null);
        repository.deleteWebSessionsOf(userId, null);
        revoked.fire(new CredentialsRevoked(userId));
    }

    /**
     * Deletes the user. Features remove their rows in the same transaction (and their files after it commits) by
     * observing {@link AccountDeleted}; foreign keys cascade whatever they leave.
     */
    @Transactional
    public void delete(UUID userId) {
        User user = repository.user(userId).orElseThrow(ProblemException::unauthorized);
        deleted.fire(new AccountDeleted(userId));
        revoked.fire(new CredentialsRevoked(userId));
        user.delete();
    }
}
