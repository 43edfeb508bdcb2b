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
 * A PostgreSQL session advisory lock per job, held on its own connection for the whole run, so that among all the
 * replicas sharing the database only one runs a given job at a time. The lock goes with the connection if the
 * replica dies.
 */
@ApplicationScoped
public class JobLock {

    /** First key of our advisory locks ("KS"), so they do not collide with anybody else's. */
    private static final int NAMESPACE = 0x4B53;

    @Inject
    AgroalDataSource dataSource;

    /** A held lock; closing it releases the lock and the connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the job's lock if no one holds it; empty when another runner does. */
    public Optional<Held> tryLock(String job) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(?, ?)", job)) {
                connection.close();
                return Optional.empty();
            }
            Connection held = connection;
            return Optional.of(() -> release(held, job));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Could not take the lock of job " + job, e);
        }
    }

    private static void release(Connection connection, String job) {
        try {
            call(connection, "SELECT pg_advisory_unlock(?, ?)", job);
        } catch (SQLException e) {
            // closing the connection below ends the session, which releases the lock anyway
        } finally {
            closeQuietly(connection);
        }
    }

    private static boolean call(Connection connection, String sql, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, job.hashCode());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }
}
