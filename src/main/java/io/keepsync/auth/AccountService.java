package io.keepsync.auth;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;

/** The signed-in user's own account: read it, delete it with everything it owns. */
@ApplicationScoped
public class AccountService {

    @Inject
    Event<AccountDeleted> deleted;

    @Inject
    AuthRepository repository;

    @Transactional
    public Me me(UUID userId) {
        return repository.user(userId).map(Me::from).orElseThrow(ProblemException::unauthorized);
    }

    /** Whether the account still exists: tokens of a deleted account stop working at once. */
    public boolean exists(UUID userId) {
        return repository.userExists(userId);
    }

    /**
     * Locks the account until the current transaction ends, so that nothing can create rows of it meanwhile: a
     * feature removing an account's data calls this in the order its own writers take their locks.
     */
    public void lockAccount(UUID userId) {
        repository.lockUser(userId);
    }

    /**
     * Deletes the user. Features remove their rows in the same transaction (and their files after it commits) by
     * observing {@link AccountDeleted}; foreign keys cascade whatever they leave.
     */
    @Transactional
    public void delete(UUID userId) {
        User user = repository.user(userId).orElseThrow(ProblemException::unauthorized);
        deleted.fire(new AccountDeleted(userId));
        user.delete();
    }
}
