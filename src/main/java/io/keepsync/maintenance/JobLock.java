package io.keepsync.maintenance;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

/**
 * A PostgreSQL advisory lock per job, so that among all the replicas sharing the database only one runs a given job
 * at a time. The lock is transaction-scoped ({@code pg_try_advisory_xact_lock}) and held by a transaction of its own,
 * suspended while the job runs its own transactions and ended when the run does: a pooler in transaction mode
 * (PgBouncer) keeps that transaction on one server connection, where a session lock would be left on whatever server
 * connection the pooler handed out. Ending the transaction, or the replica dying and its connection with it,
 * releases the lock.
 */
@ApplicationScoped
public class JobLock {

    /** Longer than any run: the transaction manager would otherwise end the lock's transaction under a long job. */
    private static final int HOLD_SECONDS = 24 * 60 * 60;

    @Inject
    TransactionManager transactions;

    @Inject
    JobLockRepository repository;

    /** A held lock; closing it ends its transaction, which releases the lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the job's lock if no one holds it; empty when another runner does. */
    public Optional<Held> tryLock(String job) {
        Transaction outer = null;
        try {
            outer = transactions.suspend();
            transactions.setTransactionTimeout(HOLD_SECONDS);
            transactions.begin();
            boolean locked;
            try {
                locked = repository.tryLock(job.hashCode());
            } catch (RuntimeException e) {
                transactions.rollback();
                throw e;
            }
            Transaction lock = transactions.suspend();
            if (!locked) {
                end(lock);
                return Optional.empty();
            }
            return Optional.of(() -> end(lock));
        } catch (Exception e) {
            throw new IllegalStateException("Could not take the lock of job " + job, e);
        } finally {
            resetTimeout();
            resume(outer);
        }
    }

    /** Ends the lock's transaction, on whatever thread closes it. */
    private void end(Transaction lock) {
        Transaction current = null;
        try {
            current = transactions.suspend();
            transactions.resume(lock);
            transactions.rollback();
        } catch (Exception e) {
            // A transaction that cannot end is ended by the transaction manager's timeout or the server.
            throw new IllegalStateException("Could not release a job lock", e);
        } finally {
            resume(current);
        }
    }

    private void resetTimeout() {
        try {
            transactions.setTransactionTimeout(0);
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private void resume(Transaction transaction) {
        if (transaction != null) {
            try {
                transactions.resume(transaction);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
