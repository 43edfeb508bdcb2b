package io.keepsync.auth;

import java.util.Optional;
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

    @Transactional
    public Me me(UUID userId) {
        return User.<User> findByIdOptional(userId).map(Me::from).orElseThrow(ProblemException::unauthorized);
    }

    /** Whether the account still exists: tokens of a deleted account stop working at once. */
    @Transactional
    public boolean exists(UUID userId) {
        return User.count("id", userId) > 0;
    }

    /**
     * Deletes the user. Features remove their rows in the same transaction (and their files after it commits) by
     * observing {@link AccountDeleted}; foreign keys cascade whatever they leave.
     */
    @Transactional
    public void delete(UUID userId) {
        Optional<User> user = User.findByIdOptional(userId);
        if (user.isEmpty()) {
            throw ProblemException.unauthorized();
        }
        deleted.fire(new AccountDeleted(userId));
        user.get().delete();
    }
}
