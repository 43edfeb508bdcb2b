package io.keepsync.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Sends live events through PostgreSQL: a {@code NOTIFY} goes out when the transaction it is sent in commits. */
@ApplicationScoped
public class LiveEventRepository {

    @Inject
    EntityManager em;

    /** Joins the caller's transaction, so the event goes out only if what it announces is committed. */
    @Transactional
    public void notify(String channel, String payload) {
        em.createNativeQuery("SELECT pg_notify(?1, ?2)").setParameter(1, channel).setParameter(2, payload)
                .getSingleResult();
    }
}
