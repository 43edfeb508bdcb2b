package io.keepsync.sync.push;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.keepsync.sync.SyncHead;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The user's sync head as a push takes it: created on first use and locked until the push commits. */
@ApplicationScoped
public class HeadRepository implements PanacheRepositoryBase<SyncHead, UUID> {

    /**
     * The head, locked: concurrent pushes of one user queue here, on every replica. One statement creates it on the
     * first push and locks it; the push then moves it through the entity, written when the push commits.
     */
    public SyncHead lock(UUID userId) {
        return (SyncHead) getEntityManager().createNativeQuery("""
                INSERT INTO sync_state AS s (user_id) VALUES (?1)
                ON CONFLICT (user_id) DO UPDATE SET user_id = s.user_id
                RETURNING *""", SyncHead.class)
                .setParameter(1, userId)
                .getSingleResult();
    }
}
