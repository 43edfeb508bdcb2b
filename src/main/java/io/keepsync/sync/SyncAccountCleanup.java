package io.keepsync.sync;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.keepsync.auth.AccountDeleted;

/**
 * Removes a deleted account's sync data in the deleting transaction. sync_records and sync_mutations have no
 * foreign key to users (a check per pushed change costs too much), so this is what keeps them from outliving the
 * account: it first locks the head row (every push holds it until commit) and then the user's row (a push creating
 * its head holds a key-share lock on it), so that a push under way commits before the rows are deleted, and a
 * later push fails on the head's foreign key once the user is gone.
 */
@ApplicationScoped
public class SyncAccountCleanup {

    void onAccountDeleted(@Observes AccountDeleted event) {
        UUID userId = event.userId();
        var em = SyncState.getEntityManager();
        // In the order a push takes them (head first, then the user through foreign keys), or the two deadlock.
        em.createNativeQuery("SELECT user_id FROM sync_state WHERE user_id = ?1 FOR UPDATE").setParameter(1, userId)
                .getResultList();
        em.createNativeQuery("SELECT id FROM users WHERE id = ?1 FOR UPDATE").setParameter(1, userId).getResultList();
        SyncRecord.delete("userId", userId);
        SyncClient.delete("userId", userId);
        SyncState.delete("userId", userId);
        em.createNativeQuery("DELETE FROM sync_mutations WHERE user_id = ?1").setParameter(1, userId).executeUpdate();
    }
}
