package io.keepsync.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.keepsync.common.error.ProblemException;

/** The signed-in user's own account: read it, delete it with everything it owns. */
@ApplicationScoped
public class AccountService {

    @Inject
    Event<AccountDeleted> deleted;

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public Me me(UUID userId) {
        return User.<User> findByIdOptional(userId).map(Me::from).orElseThrow(ProblemException::unauthorized);
    }

    /**
     * Whether the account still exists: tokens of a deleted account stop working at once. Asked on every
     * authenticated request, so it is one primary-key probe on a pooled connection, without an ORM query or a
     * transaction around it.
     */
    public boolean exists(UUID userId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
            statement.setObject(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The account could not be looked up", e);
        }
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
