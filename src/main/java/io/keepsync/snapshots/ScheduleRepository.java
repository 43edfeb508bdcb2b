package io.keepsync.snapshots;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Whom the scheduled server snapshots are for. */
@ApplicationScoped
public class ScheduleRepository {

    @Inject
    EntityManager em;

    /** The users whose last push came after the last push their newest server snapshot includes (or who have none). */
    @Transactional
    public List<UUID> pushedSinceLastServerSnapshot() {
        return em.createNativeQuery("""
                SELECT s.user_id FROM sync_state s
                WHERE s.last_received_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM backups b WHERE b.user_id = s.user_id AND b.source = 'server'
                                  AND b.synced_through >= s.last_received_at)
                ORDER BY s.user_id""", UUID.class).getResultList();
    }
}
