package io.keepsync.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * A PostgreSQL advisory lock per job, so that among all the replicas sharing the database only one runs a given job
 * at a time. The lock is transaction-scoped ({@code pg_try_advisory_xact_lock}) and held by a transaction left open
 * on its own connection for the whole run: a pooler in transaction mode (PgBouncer) keeps that transaction on one
 * server connection, where a session lock would be left on whatever server connection the pooler handed out. Ending
 * the transaction, or the replica dying and its connection with it, releases the lock.
 */
@ApplicationScoped
public class JobLock {

    /** First key of our advisory locks ("KS"), so they do not collide with anybody else's. */
    private static final int NAMESPACE = 0x4B53;

    @Inject
    AgroalDataSource dataSource;

    /** A held lock; closing it ends its transaction, which releases the lock, and returns the connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the job's lock if no one holds it; empty when another runner does. */
    public Optional<Held> tryLock(String job) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            if (!tryLock(connection, job)) {
                release(connection);
                return Optional.empty();
            }
            Connection held = connection;
            return Optional.of(() -> release(held));
        } catch (SQLException e) {
            if (connection != null) {
                release(connection);
            }
            throw new IllegalStateException("Could not take the lock of job " + job, e);
        }
    }

    private static boolean tryLock(Connection connection, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, job.hashCode());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Ends the transaction, which releases a lock it holds, and returns the connection to the pool. */
    private static void release(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a connection that cannot end its transaction is closed below; the server then ends it
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }
}
