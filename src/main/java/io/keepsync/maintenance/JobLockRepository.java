package io.keepsync.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The advisory locks of the maintenance jobs, in PostgreSQL. */
@ApplicationScoped
public class JobLockRepository {

    /** First key of our advisory locks ("KS"), so they do not collide with anybody else's. */
    private static final int NAMESPACE = 0x4B53;

    @Inject
    EntityManager em;

    /** Takes the lock in the current transaction, which holds it until it ends; false when someone holds it. */
    boolean tryLock(int key) {
        return (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1, ?2)").setParameter(1, NAMESPACE)
                .setParameter(2, key).getSingleResult();
    }
}
